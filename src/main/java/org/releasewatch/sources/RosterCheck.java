package org.releasewatch.sources;

import io.micronaut.context.exceptions.ConfigurationException;
import org.releasewatch.sources.format.ListFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sources check --format csv|json-lines --file roster.csv --column id=… --column name=…}: reads a downloaded
 * roster with the settings it would be configured with, as the service would, and prints how many persons it
 * lists, by country and by status (marking the released ones), and those no country could be found for — for
 * someone configuring a roster. Needs no Kafka.
 */
final class RosterCheck {

    private static final int SHOWN = 200;

    private RosterCheck() {
    }

    static int run(List<Map.Entry<String, String>> options, PrintStream out, PrintStream err, String usage) {
        String format = null;
        String file = null;
        String country = null;
        String delimiter = null;
        String encoding = null;
        Map<String, String> columns = new HashMap<>();
        List<String> released = new ArrayList<>();
        for (Map.Entry<String, String> o : options) {
            String v = o.getValue();
            switch (o.getKey()) {
                case "--format" -> format = v;
                case "--file" -> file = v;
                case "--country" -> country = v;
                case "--delimiter" -> delimiter = v;
                case "--encoding" -> encoding = v;
                case "--released-status" -> released.add(v);
                case "--column" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        err.println("--column: \"" + v + "\" is not KEY=HEADER (e.g. name=ФИО)");
                        return 2;
                    }
                    columns.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> {
                    err.println("unknown option " + o.getKey() + "\n" + usage);
                    return 2;
                }
            }
        }
        if (file == null) {
            err.println(usage);
            return 2;
        }
        RosterConfig config = new RosterConfig("check", "https://roster.invalid/", format, columns, country, released,
                Duration.ofHours(1), null, false, delimiter, encoding);
        try {
            RosterConfigCheck.check(List.of(config), new HashSet<>());
        } catch (ConfigurationException e) {
            err.println(e.getMessage().replace("releasewatch.sources.prisoner-rosters[0] (roster 'check'): ", "")
                    .replace("columns.", "--column "));
            return 2;
        }
        RosterSource source = new RosterSource(config, "check");
        Map<String, RosterEntry> persons;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(file)))) {
            persons = source.read(in, Integer.MAX_VALUE).entries();
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        } catch (ListFormat.MalformedListException e) {
            err.println(file + " is not a complete " + format + " roster: " + e.getMessage());
            return 1;
        }
        print(config, persons, out);
        return 0;
    }

    private static void print(RosterConfig config, Map<String, RosterEntry> persons, PrintStream out) {
        RosterDiff diff = new RosterDiff(config, "check");
        Map<String, Integer> byCountry = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        List<RosterEntry> noCountry = new ArrayList<>();
        for (RosterEntry p : persons.values()) {
            byStatus.merge(p.status() == null ? "(none)" : p.status(), 1, Integer::sum);
            if (p.country() == null) {
                noCountry.add(p);
            } else {
                byCountry.merge(p.country(), 1, Integer::sum);
            }
        }
        out.printf("Roster (%s): %d persons%n", config.format(), persons.size());
        out.println("\nby country (the row's, else --country):");
        byCountry.forEach((c, n) -> out.printf("  %-4s %7d%n", c, n));
        out.println("\nby status (released: a person with it counts as released, not held):");
        byStatus.forEach((s, n) -> out.printf("  %-30s %7d%s%n", s, n, diff.released(s) ? "  released" : ""));
        out.println("\npersons with no country (a release of these is counted and logged, no event written): " + noCountry.size());
        noCountry.stream().sorted(Comparator.comparing(RosterEntry::id)).limit(SHOWN)
                .forEach(p -> out.printf("  %-16s %s%n", p.id(), p.name()));
        if (noCountry.size() > SHOWN) {
            out.println("  … and " + (noCountry.size() - SHOWN) + " more");
        }
    }
}
