package org.releasewatch.sources;

import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Set;

/**
 * The start-up check of {@code releasewatch.sources.prisoner-rosters}: every error names the roster and the key,
 * and stops the service (a roster read with the wrong columns would read as everyone released).
 */
final class RosterConfigCheck {

    static final List<String> FORMATS = List.of("csv", "json-lines");

    private RosterConfigCheck() {
    }

    static void check(List<RosterConfig> rosters, Set<String> names) {
        for (int i = 0; i < rosters.size(); i++) {
            RosterConfig r = rosters.get(i);
            String where = "releasewatch.sources.prisoner-rosters[" + i + "]"
                    + (r.rosterName().isEmpty() ? "" : " (roster '" + r.rosterName() + "')");
            if (r.rosterName().isEmpty()) {
                throw new ConfigurationException(where + ": name is required");
            }
            ListConfigCheck.name(where, "name", r.rosterName(), names, "give each roster a name no other list has");
            if (r.format() == null || !FORMATS.contains(r.format())) {
                throw new ConfigurationException(where + ": format \"" + r.format() + "\" is not one of " + FORMATS);
            }
            ListConfigCheck.url(where, r.url(), r.allowHttp());
            ListConfigCheck.publicUrl(where, r.publicUrl());
            ListConfigCheck.interval(where, r.interval());
            for (String key : List.of("id", "name")) {
                if (r.columns().get(key) == null || r.columns().get(key).isBlank()) {
                    throw new ConfigurationException(where + ": columns." + key + " is required (the "
                            + (r.format().equals("csv") ? "header" : "field") + " holding each person's " + key + ")");
                }
            }
            for (String key : r.columns().keySet()) {
                if (!Set.of("id", "name", "country", "status").contains(key)) {
                    throw new ConfigurationException(where + ": columns." + key + " is not one of id, name, country, status");
                }
            }
            if (r.country() != null && !r.country().isBlank() && !Countries.isCode(r.country().trim().toUpperCase(java.util.Locale.ROOT))) {
                throw new ConfigurationException(where + ": country \"" + r.country() + "\" is not an ISO 3166-1 alpha-2 code");
            }
            if (r.columns().containsKey("status") == r.releasedStatuses().isEmpty()) {
                throw new ConfigurationException(where + ": columns.status and released-statuses go together (a status "
                        + "column says nothing without the values that mean released)");
            }
            if (r.format().equals("json-lines") && (r.delimiter() != null || r.encoding() != null)) {
                throw new ConfigurationException(where + ": delimiter and encoding are for csv; JSON lines are UTF-8");
            }
            try {
                delimiter(r.delimiter());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(where + ": " + e.getMessage());
            }
            if (r.encoding() != null && !r.encoding().isBlank()) {
                try {
                    Charset.forName(r.encoding().trim());
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new ConfigurationException(where + ": encoding \"" + r.encoding() + "\" is not an encoding this JVM knows");
                }
            }
        }
    }

    /** The configured delimiter ({@code ,}, {@code ;}, {@code tab}), or null to detect it. */
    static Character delimiter(String configured) {
        if (configured == null || configured.isEmpty()) {
            return null;
        }
        return switch (configured) {
            case "," -> ',';
            case ";" -> ';';
            case "tab", "\t" -> '\t';
            default -> throw new IllegalArgumentException("delimiter \"" + configured + "\" is not one of \",\", \";\", \"tab\"");
        };
    }
}
