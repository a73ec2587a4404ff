package org.releasewatch.delivery.channels;

import org.releasewatch.i18n.Catalogue;
import org.releasewatch.i18n.ChangeLines;
import org.releasewatch.i18n.Language;
import org.releasewatch.i18n.Titles;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What every format shows of one alert, as plain text not yet escaped: the title, severity, country, time, a
 * few key facts of its rule (a subscription's {@code redact} fields left out), the sources and the link back.
 * Built from the alert's {@code details}, read back into its rule's record; a missing detail is left out rather than
 * failing (alerts written by an older version still render). Each value is bounded here, so however long the
 * input (50 charges of 512 characters), a fact stays readable and the renderers' limits are easy to keep.
 */
record AlertView(String id, AlertRule rule, Severity severity, String title, String countryCode, String country,
                 String time, Instant occurredAt, List<Fact> facts, String sources, String link, MsgType type,
                 String threadId, Catalogue words) {

    /** A fact's value is cut here: long enough for any name or a few charges, short enough for every service. */
    static final int MAX_FACT = 600;
    static final int MAX_TITLE = 600;
    private static final int MAX_LISTED = 5;

    /** One labelled fact, e.g. {@code Transferred to: Lithuania (LT)}. */
    record Fact(String label, String value) {
    }

    /** The view in the target's language ({@link ChannelTarget#language()}; English when it names none). */
    static AlertView of(Alert alert, ChannelTarget target, AlertLinks links) {
        Language language = target.language() == null ? Language.EN : target.language();
        Catalogue w = Catalogue.of(language);
        List<Fact> facts = new ArrayList<>();
        if (!alert.first()) {
            // a later message of a thread says first what changed; its link opens the whole thread (contract v1.2),
            // as the message's own link, so chat services render it as our link and not as inert input text
            add(facts, w.text("label.change"), ChangeLines.say(alert.change(), w));
        }
        // a switch expression: a rule without its facts does not compile
        facts.addAll(switch (alert.rule()) {
            case WATCHLIST_RELEASE -> watchlistRelease(AlertDetails.of(alert, WatchlistReleaseDetails.class), target, w);
            case MASS_RELEASE -> massRelease(AlertDetails.of(alert, MassReleaseDetails.class), w);
            case SANCTIONS_CHANGE -> sanctionsChange(AlertDetails.of(alert, SanctionsChangeDetails.class), w);
            case LINKED_RELIEF -> linkedRelief(AlertDetails.of(alert, LinkedReliefDetails.class), w);
        });
        String country = countryWithCode(alert.country(), w);
        Instant at = alert.occurredAt();
        return new AlertView(alert.id(), alert.rule(), alert.severity(), Text.fit(Text.line(Titles.of(alert, language)), MAX_TITLE),
                alert.country(), country.isEmpty() ? w.text("unknown") : country, at == null ? w.text("unknown") : w.time(at),
                at, List.copyOf(facts), sources(alert, w), links.alert(alert.first() ? alert.id() : alert.threadId()), alert.type(),
                alert.threadId(), w);
    }

    /** {@code rest} after what a message of a thread begins with: {@code Update: }, {@code Withdrawn: }, nothing for a first message. */
    String led(String rest) {
        return switch (type) {
            case UPDATE -> words.text("lead.UPDATE", rest);
            case CANCEL -> words.text("lead.CANCEL", rest);
            case ALERT -> rest;
        };
    }

    /** The title as a heading: after the lead of an update or a cancel. */
    String heading() {
        return led(title);
    }

    /** {@code CRITICAL}, {@code WARNING}, {@code INFO}: the prefix of subjects and notification lines. */
    String severityLabel() {
        return words.text("severity." + severity.name() + ".label");
    }

    /** {@code critical}, {@code warning}, {@code info}: the severity as a fact's value. */
    String severityWord() {
        return words.text("severity." + severity.name());
    }

    /** A phrase of this view's language. */
    String say(String key, Object... args) {
        return words.text(key, args);
    }

    /** A coloured mark for the severity (not escaped anywhere: the renderers write it themselves). */
    String mark() {
        return switch (severity) {
            case CRITICAL -> "🔴";
            case WARNING -> "🟠";
            case INFO -> "🔵";
        };
    }

    private static List<Fact> watchlistRelease(WatchlistReleaseDetails d, ChannelTarget target, Catalogue w) {
        List<Fact> facts = new ArrayList<>();
        Person person = d.person();
        add(facts, w.text("label.person"), person == null ? "" : text(person.name()));
        add(facts, w.text("label.priority"), word(w, "priority", d.priority()));
        add(facts, w.text("label.transferredTo"), countryWithCode(text(d.transferredTo()), w));
        if (!target.redacts(PersonField.TAGS)) {
            add(facts, w.text("label.tags"), joined(person == null ? null : person.tags(), ", ", w));
        }
        if (!target.redacts(PersonField.CHARGES)) {
            add(facts, w.text("label.charges"), joined(d.charges(), "; ", w));
        }
        if (!target.redacts(PersonField.NOTE)) {
            add(facts, w.text("label.note"), text(d.note()));
        }
        add(facts, w.text("label.agreement"), text(d.agreement()));
        return facts;
    }

    private static List<Fact> massRelease(MassReleaseDetails d, Catalogue w) {
        List<Fact> facts = new ArrayList<>();
        add(facts, w.text("label.released"), d.threshold() != null
                ? w.text("released.threshold", text(d.count()), String.valueOf(d.threshold())) : text(d.count()));
        add(facts, w.text("label.destinations"), destinations(d.byDestination(), w));
        add(facts, w.text("label.window"), window(d.windowStart(), d.windowEnd(), w));
        return facts;
    }

    private static List<Fact> sanctionsChange(SanctionsChangeDetails d, Catalogue w) {
        List<Fact> facts = new ArrayList<>();
        add(facts, w.text("label.issuer"), text(d.issuer()));
        add(facts, w.text("label.action"), action(d.action(), w));
        add(facts, w.text("label.target"), target(d.target(), w));
        add(facts, w.text("label.sector"), text(d.sector()));
        add(facts, w.text("label.programme"), text(d.program()));
        add(facts, w.text("label.agreement"), text(d.agreement()));
        return facts;
    }

    private static List<Fact> linkedRelief(LinkedReliefDetails d, Catalogue w) {
        List<Fact> facts = new ArrayList<>();
        LinkedReliefDetails.Sanction s = d.sanction() == null
                ? new LinkedReliefDetails.Sanction(null, null, null, null, null) : d.sanction();
        add(facts, w.text("label.relief"), join(" ", text(s.issuer()), action(s.action(), w), target(s.target(), w)));
        add(facts, w.text("label.linkedReleases"), text(d.releaseCount()));
        add(facts, w.text("label.confidence"), word(w, "confidence", d.confidence()));
        add(facts, w.text("label.agreement"), text(d.agreement()));
        add(facts, w.text("label.sector"), text(s.sector()));
        return facts;
    }

    /** The rule in words: {@code Watchlist release}. */
    String ruleName() {
        return words.text("rule." + rule.name());
    }

    /** The one-line notification: {@code [CRITICAL] <title> · BY · 13 Dec 2025, 08:00 UTC}, after the lead. */
    String notificationLine() {
        return led("[" + severityLabel() + "] " + title + " · " + (countryCode == null ? "?" : countryCode) + " · " + time);
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

    /** A word the catalogue's {@code key} selects by an input value (e.g. {@code high}); an unknown value as it is. */
    private static String word(Catalogue w, String key, String value) {
        return value == null || value.isBlank() ? "" : w.text(key, value);
    }

    /** {@code lifted}: the action in lower case, in the language's word for it. */
    private static String action(String value, Catalogue w) {
        return value == null || value.isBlank() ? "" : w.text("action", value).toLowerCase(w.locale().toLocale());
    }

    private static String join(String sep, String... parts) {
        return String.join(sep, java.util.Arrays.stream(parts).filter(p -> !p.isBlank()).toList());
    }

    /** Up to {@value #MAX_LISTED} items, then {@code … and N more}. */
    private static String joined(List<String> list, String sep, Catalogue w) {
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
        return String.join(sep, items) + (more > 0 ? sep + w.text("list.more", String.valueOf(more)) : "");
    }

    private static String target(SanctionTarget t, Catalogue w) {
        if (t == null) {
            return "";
        }
        String name = text(t.name());
        String kind = word(w, "targetKind", t.kind());
        return name + (kind.isEmpty() ? "" : " (" + kind + ")");
    }

    /** {@code 91 to Ukraine (UA), 9 to Lithuania (LT)}, largest first. */
    private static String destinations(Map<String, Integer> byDestination, Catalogue w) {
        if (byDestination == null) {
            return "";
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(byDestination.entrySet());
        entries.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -count(e.getValue())).thenComparing(Map.Entry::getKey));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries) {
            if (parts.size() == MAX_LISTED) {
                parts.add(w.text("list.more", String.valueOf(entries.size() - MAX_LISTED)));
                break;
            }
            String n = String.valueOf(count(e.getValue()));
            parts.add(e.getKey().equals("unknown") ? w.text("destination.unknown", n) : w.text("destination", n, countryWithCode(e.getKey(), w)));
        }
        return String.join(", ", parts);
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    private static String window(Instant s, Instant e, Catalogue w) {
        if (s == null || e == null) {
            return "";
        }
        boolean oneDay = java.time.Duration.between(s, e).toHours() == 24 && s.atZone(ZoneOffset.UTC).getHour() == 0;
        return oneDay ? w.text("window.day", w.day(s)) : w.text("window.range", w.time(s), w.time(e));
    }

    private static String sources(Alert alert, Catalogue w) {
        if (alert.evidence() == null || alert.evidence().sources().isEmpty()) {
            return "";
        }
        List<String> names = alert.evidence().sources().stream().map(Source::name).map(Text::line)
                .filter(s -> !s.isEmpty()).distinct().toList();
        int more = names.size() - Math.min(names.size(), 3);
        String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
        return Text.fit(more > 0 ? w.text("sources.more", shown, String.valueOf(more)) : shown, MAX_FACT);
    }

    /** {@code BY} → {@code Belarus (BY)}; an unknown code stays as it is; blank → blank. */
    static String countryWithCode(String code, Catalogue w) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String c = Text.line(code);
        String name = w.country(c);
        return name.isBlank() || name.equalsIgnoreCase(c) ? c : name + " (" + c + ")";
    }
}
