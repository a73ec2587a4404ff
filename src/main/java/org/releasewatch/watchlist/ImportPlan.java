package org.releasewatch.watchlist;

import org.releasewatch.model.WatchlistEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an import changes, compared with the list as it is: persons added, changed (any field differs),
 * unchanged, and — only when the file replaces the list — removed (on the list, not in the file). A person
 * whose row was invalid is never removed because of it: that row says the person is meant to stay.
 */
public record ImportPlan(List<WatchlistEntry> added, List<WatchlistEntry> changed, List<String> unchanged,
                         List<String> removed) {

    /** One record to write: the entry, or a removal (tombstone) when {@code entry} is null. */
    public record Write(String personId, WatchlistEntry entry) {
    }

    public static ImportPlan of(Map<String, WatchlistEntry> current, List<WatchlistEntry> incoming,
                                Set<String> keptByInvalidRows, boolean replace) {
        List<WatchlistEntry> added = new ArrayList<>();
        List<WatchlistEntry> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Set<String> inFile = new HashSet<>();
        for (WatchlistEntry e : incoming) {
            inFile.add(e.personId());
            WatchlistEntry now = current.get(e.personId());
            if (now == null) {
                added.add(e);
            } else if (same(now, e)) {
                unchanged.add(e.personId());
            } else {
                changed.add(e);
            }
        }
        List<String> removed = new ArrayList<>();
        if (replace) {
            current.keySet().stream().filter(id -> !inFile.contains(id) && !keptByInvalidRows.contains(id))
                    .sorted().forEach(removed::add);
        }
        return new ImportPlan(List.copyOf(added), List.copyOf(changed), List.copyOf(unchanged), List.copyOf(removed));
    }

    /** The records that carry the plan out: added and changed entries, then the removals. */
    public List<Write> writes() {
        List<Write> writes = new ArrayList<>(added.size() + changed.size() + removed.size());
        added.forEach(e -> writes.add(new Write(e.personId(), e)));
        changed.forEach(e -> writes.add(new Write(e.personId(), e)));
        removed.forEach(id -> writes.add(new Write(id, null)));
        return writes;
    }

    /** Equal as the list keeps them: a missing note and a blank one are the same. */
    static boolean same(WatchlistEntry a, WatchlistEntry b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.priority(), b.priority())
                && Objects.equals(blankAsNull(a.note()), blankAsNull(b.note()));
    }

    private static String blankAsNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
