package org.releasewatch.sources;

import org.releasewatch.model.SanctionAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two snapshots of a list, as the contract's actions, country by country (contract v1.2,
 * "Sanctions list changes, exactly"): an entry added is {@code IMPOSED} and removed {@code LIFTED} for every
 * country its programmes concern. For an entry listed in both, the programmes concerning each country C are
 * compared: {@code EXTENDED} for C when a programme concerning C was added; {@code EASED} for C only when a
 * programme concerning C was removed and none of the entry's programmes concerns C any more — a programme
 * removed while another still concerns C is no relief. A change of name, kind, address or nationality alone is
 * no change of the measure.
 */
public final class ListDiff {

    /**
     * One change of one entry: the countries it concerns with, for each, the programmes it is about (all of the
     * entry's for IMPOSED and LIFTED, the added or removed ones otherwise). No country at all: unresolved.
     */
    public record Change(SanctionAction action, ListEntry entry, Concerns.ByCountry countries) {

        /** Every programme the change is about. */
        public List<String> programmes() {
            TreeSet<String> all = new TreeSet<>();
            countries.programmes().values().forEach(all::addAll);
            return List.copyOf(all);
        }

        public boolean unresolved() {
            return countries.programmes().isEmpty();
        }
    }

    private ListDiff() {
    }

    /** An entry added ({@code IMPOSED}) or removed ({@code LIFTED}) with all its programmes. */
    public static Change whole(SanctionAction action, ListEntry entry, Concerns concerns) {
        return new Change(action, entry, concerns.of(entry, entry.programmes()));
    }

    /** The changes from {@code before} to {@code after} (entry id → entry), in entry id order. */
    public static List<Change> between(Map<String, ListEntry> before, Map<String, ListEntry> after, Concerns concerns) {
        TreeSet<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String id : ids) {
            ListEntry was = before.get(id);
            ListEntry now = after.get(id);
            if (was == null) {
                changes.add(whole(SanctionAction.IMPOSED, now, concerns));
            } else if (now == null) {
                changes.add(whole(SanctionAction.LIFTED, was, concerns));
            } else {
                stillListed(was, now, concerns, changes);
            }
        }
        return changes;
    }

    private static void stillListed(ListEntry was, ListEntry now, Concerns concerns, List<Change> changes) {
        List<String> added = now.programmes().stream().filter(p -> !was.programmes().contains(p)).toList();
        List<String> removed = was.programmes().stream().filter(p -> !now.programmes().contains(p)).toList();
        if (!added.isEmpty()) {
            changes.add(new Change(SanctionAction.EXTENDED, now, concerns.of(now, added)));
        }
        if (removed.isEmpty()) {
            return;
        }
        Concerns.ByCountry removedConcern = concerns.of(was, removed);
        Concerns.ByCountry remaining = concerns.of(now, now.programmes());
        Map<String, List<String>> eased = new TreeMap<>();
        removedConcern.programmes().forEach((country, programmes) -> {
            if (remaining.of(country).isEmpty()) {
                eased.put(country, programmes);
            }
        });
        if (!eased.isEmpty() || removedConcern.programmes().isEmpty()) {
            // no country at all is shown as unresolved, like any change; a relief of no country is none
            changes.add(new Change(SanctionAction.EASED, now, new Concerns.ByCountry(eased, removedConcern.basis())));
        }
    }
}
