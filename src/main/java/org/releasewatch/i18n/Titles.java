package org.releasewatch.i18n;

import org.releasewatch.model.Alert;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.details.AlertDetails;
import org.releasewatch.model.details.LinkedReliefDetails;
import org.releasewatch.model.details.MassReleaseDetails;
import org.releasewatch.model.details.SanctionsChangeDetails;
import org.releasewatch.model.details.WatchlistReleaseDetails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert's title in a language, written again from its {@code details} with the catalogue's {@code title.*}
 * phrases. English is the alert's own {@code title} as the rules wrote it (the alerts topic's text, part of the
 * contract); a detail an older alert lacks leaves the English title in place rather than a half-filled phrase.
 */
public final class Titles {

    private Titles() {
    }

    public static String of(Alert alert, Language language) {
        if (language == Language.EN || alert.rule() == null) {
            return alert.title();
        }
        Catalogue c = Catalogue.of(language);
        String country = alert.country() == null ? c.text("title.unknownCountry") : c.country(alert.country());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("country", country);
        String key = switch (alert.rule()) {
            case WATCHLIST_RELEASE -> {
                WatchlistReleaseDetails d = AlertDetails.of(alert, WatchlistReleaseDetails.class);
                if (d.person() == null || d.person().name() == null) {
                    yield null;
                }
                args.put("name", d.person().name());
                if (d.transferredTo() == null) {
                    yield "title.watchlist";
                }
                args.put("to", c.country(d.transferredTo()));
                yield "title.watchlist.transferred";
            }
            case MASS_RELEASE -> {
                MassReleaseDetails d = AlertDetails.of(alert, MassReleaseDetails.class);
                if (d.count() == null || d.windowStart() == null) {
                    yield null;
                }
                args.put("count", d.count());
                args.put("day", c.day(d.windowStart()));
                args.put("destinations", destinations(c, d.byDestination()));
                yield "title.mass";
            }
            case SANCTIONS_CHANGE -> {
                SanctionsChangeDetails d = AlertDetails.of(alert, SanctionsChangeDetails.class);
                yield sanction(args, d.issuer(), d.action(), d.target()) ? "title.sanctions" : null;
            }
            case LINKED_RELIEF -> {
                LinkedReliefDetails d = AlertDetails.of(alert, LinkedReliefDetails.class);
                if (d.sanction() == null || d.releaseCount() == null
                        || !sanction(args, d.sanction().issuer(), d.sanction().action(), d.sanction().target())) {
                    yield null;
                }
                args.put("count", d.releaseCount());
                yield "title.linked";
            }
        };
        return key == null ? alert.title() : c.format(key, args);
    }

    private static boolean sanction(Map<String, Object> args, String issuer, String action, SanctionTarget target) {
        if (issuer == null || action == null || target == null || target.name() == null) {
            return false;
        }
        args.put("issuer", issuer);
        args.put("action", action);
        args.put("target", target.name());
        return true;
    }

    /** {@code UA: 91, LT: 9, unknown: 3} in the language's form, largest first (as the English title orders them). */
    private static String destinations(Catalogue c, Map<String, Integer> byDestination) {
        if (byDestination == null) {
            return "";
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(byDestination.entrySet());
        entries.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> e.getValue() == null ? 0 : -e.getValue())
                .thenComparing(Map.Entry::getKey));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries) {
            int n = e.getValue() == null ? 0 : e.getValue();
            parts.add("unknown".equals(e.getKey()) ? c.text("title.destination.unknown", String.valueOf(n))
                    : c.text("title.destination", String.valueOf(n), e.getKey()));
        }
        return String.join(", ", parts);
    }
}
