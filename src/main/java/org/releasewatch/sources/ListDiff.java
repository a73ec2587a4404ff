package org.releasewatch.sources;

import org.releasewatch.model.SanctionAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two snapshots of a list, as the contract's actions: an entry added is {@code IMPOSED},
 * removed {@code LIFTED}; programmes added to a listed entry {@code EXTENDED}, some of its programmes removed while
 * it stays listed {@code EASED} (both, when one programme replaced another). A change of name, kind, address or
 * nationality alone is no change of the measure.
 */
public final class ListDiff {

    /** One change; {@code programmes} are the ones it concerns (all of the entry's for IMPOSED and LIFTED). */
    public record Change(SanctionAction action, ListEntry entry, List<String> programmes) {
    }

    private ListDiff() {
    }

    /** The changes from {@code before} to {@code after} (entry id → entry), in entry id order. */
    public static List<Change> between(Map<String, ListEntry> before, Map<String, ListEntry> after) {
        TreeSet<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String id : ids) {
            ListEntry was = before.get(id);
            ListEntry now = after.get(id);
            if (was == null) {
                changes.add(new Change(SanctionAction.IMPOSED, now, now.programmes()));
            } else if (now == null) {
                changes.add(new Change(SanctionAction.LIFTED, was, was.programmes()));
            } else {
                List<String> added = now.programmes().stream().filter(p -> !was.programmes().contains(p)).toList();
                List<String> removed = was.programmes().stream().filter(p -> !now.programmes().contains(p)).toList();
                if (!added.isEmpty()) {
                    changes.add(new Change(SanctionAction.EXTENDED, now, added));
                }
                if (!removed.isEmpty()) {
                    changes.add(new Change(SanctionAction.EASED, now, removed));
                }
            }
        }
        return changes;
    }
}
