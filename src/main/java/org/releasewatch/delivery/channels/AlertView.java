package org.releasewatch.delivery.channels;

import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Person;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.releasewatch.model.details.AlertDetails;
import org.releasewatch.model.details.LinkedReliefDetails;
import org.releasewatch.model.details.MassReleaseDetails;
import org.releasewatch.model.details.SanctionsChangeDetails;
import org.releasewatch.model.details.WatchlistReleaseDetails;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every format shows of one alert, as plain text not yet escaped: the title, severity, country, time, a
 * few key facts of its rule (a subscription's {@code redact} fields left out), the sources and the link back.
 * Built from the alert's {@code details}, read back into its rule's record; a missing detail is left out rather than
 * failing (alerts written by an older version still render). Each value is bounded here, so however long the
 * input (50 charges of 512 characters), a fact stays readable and the renderers' limits are easy to keep.
 */
record AlertView(String id, AlertRule rule, Severity severity, String title, String countryCode, String country,
                 String time, Instant occurredAt, List<Fact> facts, String sources, String link, String lead,
                 String threadId) {

    /** A fact's value is cut here: long enough for any name or a few charges, short enough for every service. */
    static final int MAX_FACT = 600;
    static final int MAX_TITLE = 600;
    private static final int MAX_LISTED = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /** One labelled fact, e.g. {@code Transferred to: Lithuania (LT)}. */
    record Fact(String label, String value) {
    }

    static AlertView of(Alert alert, ChannelTarget target, AlertLinks links) {
        List<Fact> facts = new ArrayList<>();
        if (!alert.first()) {
            // a later message of a thread says first what changed; its link opens the whole thread (contract v1.2),
            // as the message's own link, so chat services render it as our link and not as inert input text
            add(facts, "Change", alert.change());
        }
        // a switch expression: a rule without its facts does not compile
        facts.addAll(switch (alert.rule()) {
            case WATCHLIST_RELEASE -> watchlistRelease(AlertDetails.of(alert, WatchlistReleaseDetails.class), target);
            case MASS_RELEASE -> massRelease(AlertDetails.of(alert, MassReleaseDetails.class));
            case SANCTIONS_CHANGE -> sanctionsChange(AlertDetails.of(alert, SanctionsChangeDetails.class));
            case LINKED_RELIEF -> linkedRelief(AlertDetails.of(alert, LinkedReliefDetails.class));
        });
        String country = countryWithCode(alert.country());
        Instant at = alert.occurredAt();
        return new AlertView(alert.id(), alert.rule(), alert.severity(), Text.fit(Text.line(alert.title()), MAX_TITLE),
                alert.country(), country.isEmpty() ? "unknown" : country, at == null ? "unknown" : TIME.format(at.atZone(ZoneOffset.UTC)),
                at, List.copyOf(facts), sources(alert), links.alert(alert.first() ? alert.id() : alert.threadId()), lead(alert.type()),
                alert.threadId());
    }

    /** What a message of a thread begins with: {@code Update: }, {@code Withdrawn: }, nothing for a first message. */
    static String lead(MsgType type) {
        return switch (type) {
            case UPDATE -> "Update: ";
            case CANCEL -> "Withdrawn: ";
            case ALERT -> "";
        };
    }

    /** The title as a heading: with the {@link #lead} of an update or a cancel. */
    String heading() {
        return lead + title;
    }

    /** {@code CRITICAL}, {@code WARNING}, {@code INFO}: the prefix of subjects and notification lines. */
    String severityLabel() {
        return severity.name();
    }

    /** A coloured mark for the severity (not escaped anywhere: the renderers write it themselves). */
    String mark() {
        return switch (severity) {
            case CRITICAL -> "🔴";
            case WARNING -> "🟠";
            case INFO -> "🔵";
        };
    }

    private static List<Fact> watchlistRelease(WatchlistReleaseDetails d, ChannelTarget target) {
        List<Fact> facts = new ArrayList<>();
        Person person = d.person();
        add(facts, "Person", person == null ? "" : text(person.name()));
        add(facts, "Priority", text(d.priority()));
        add(facts, "Transferred to", countryWithCode(text(d.transferredTo())));
        if (!target.redacts(PersonField.TAGS)) {
            add(facts, "Tags", joined(person == null ? null : person.tags(), ", "));
        }
        if (!target.redacts(PersonField.CHARGES)) {
            add(facts, "Charges", joined(d.charges(), "; "));
        }
        if (!target.redacts(PersonField.NOTE)) {
            add(facts, "Watchlist note", text(d.note()));
        }
        add(facts, "Agreement", text(d.agreement()));
        return facts;
    }

    private static List<Fact> massRelease(MassReleaseDetails d) {
        List<Fact> facts = new ArrayList<>();
        add(facts, "Released", text(d.count()) + (d.threshold() != null ? " (threshold " + d.threshold() + ")" : ""));
        add(facts, "Destinations", destinations(d.byDestination()));
        add(facts, "Window", window(d.windowStart(), d.windowEnd()));
        return facts;
    }

    private static List<Fact> sanctionsChange(SanctionsChangeDetails d) {
        List<Fact> facts = new ArrayList<>();
        add(facts, "Issuer", text(d.issuer()));
        add(facts, "Action", lower(text(d.action())));
        add(facts, "Target", target(d.target()));
        add(facts, "Sector", text(d.sector()));
        add(facts, "Programme", text(d.program()));
        add(facts, "Agreement", text(d.agreement()));
        return facts;
    }

    private static List<Fact> linkedRelief(LinkedReliefDetails d) {
        List<Fact> facts = new ArrayList<>();
        LinkedReliefDetails.Sanction s = d.sanction() == null
                ? new LinkedReliefDetails.Sanction(null, null, null, null, null) : d.sanction();
        add(facts, "Relief", join(" ", text(s.issuer()), lower(text(s.action())), target(s.target())));
        add(facts, "Linked releases", text(d.releaseCount()));
        add(facts, "Confidence", text(d.confidence()));
        add(facts, "Agreement", text(d.agreement()));
        add(facts, "Sector", text(s.sector()));
        return facts;
    }

    /** The rule in words: {@code Watchlist release}. */
    String ruleName() {
        String words = rule.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The one-line notification: {@code [CRITICAL] <title> · BY · 13 Dec 2025, 08:00 UTC}, after the {@link #lead}. */
    String notificationLine() {
        return lead + "[" + severityLabel() + "] " + title + " · " + (countryCode == null ? "?" : countryCode) + " · " + time;
    }

    private static void add(List<Fact> facts, String label, String value) {
        String v = Text.line(value);
        if (!v.isEmpty()) {
            facts.add(new Fact(label, Text.fit(v, MAX_FACT)));
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String join(String sep, String... parts) {
        return String.join(sep, java.util.Arrays.stream(parts).filter(p -> !p.isBlank()).toList());
    }

    /** Up to {@value #MAX_LISTED} items, then {@code … and N more}. */
    private static String joined(List<String> list, String sep) {
        if (list == null || list.isEmpty()) {
            return "";
        }
        List<String> items = new ArrayList<>();
        for (String item : list) {
            if (items.size() == MAX_LISTED) {
                break;
            }
            String s = Text.line(text(item));
            if (!s.isEmpty()) {
                items.add(s);
            }
        }
        int more = list.size() - Math.min(list.size(), MAX_LISTED);
        return String.join(sep, items) + (more > 0 ? sep + "… and " + more + " more" : "");
    }

    private static String target(SanctionTarget t) {
        if (t == null) {
            return "";
        }
        String name = text(t.name());
        String kind = text(t.kind());
        return name + (kind.isEmpty() ? "" : " (" + kind + ")");
    }

    /** {@code 91 to Ukraine (UA), 9 to Lithuania (LT)}, largest first. */
    private static String destinations(Map<String, Integer> byDestination) {
        if (byDestination == null) {
            return "";
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(byDestination.entrySet());
        entries.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -count(e.getValue())).thenComparing(Map.Entry::getKey));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries) {
            if (parts.size() == MAX_LISTED) {
                parts.add("… and " + (entries.size() - MAX_LISTED) + " more");
                break;
            }
            parts.add(count(e.getValue()) + (e.getKey().equals("unknown") ? " destination unknown" : " to " + countryWithCode(e.getKey())));
        }
        return String.join(", ", parts);
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    private static String window(Instant s, Instant e) {
        if (s == null || e == null) {
            return "";
        }
        boolean oneDay = java.time.Duration.between(s, e).toHours() == 24 && s.atZone(ZoneOffset.UTC).getHour() == 0;
        return oneDay ? DAY.format(s.atZone(ZoneOffset.UTC)) + " (UTC day)"
                : TIME.format(s.atZone(ZoneOffset.UTC)) + " – " + TIME.format(e.atZone(ZoneOffset.UTC));
    }

    private static String sources(Alert alert) {
        if (alert.evidence() == null || alert.evidence().sources().isEmpty()) {
            return "";
        }
        List<String> names = alert.evidence().sources().stream().map(Source::name).map(Text::line)
                .filter(s -> !s.isEmpty()).distinct().toList();
        int more = names.size() - Math.min(names.size(), 3);
        return Text.fit(String.join(", ", names.subList(0, Math.min(3, names.size()))) + (more > 0 ? " and " + more + " more" : ""), MAX_FACT);
    }

    /** {@code BY} → {@code Belarus (BY)}; an unknown code stays as it is; blank → blank. */
    static String countryWithCode(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String c = Text.line(code);
        String name = c.length() == 2 ? new Locale("", c).getDisplayCountry(Locale.ENGLISH) : "";
        return name.isBlank() || name.equalsIgnoreCase(c) ? c : name + " (" + c + ")";
    }
}
