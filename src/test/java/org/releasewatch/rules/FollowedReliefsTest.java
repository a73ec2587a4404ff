package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The index of followed reliefs is derived from the store: written or rebuilt, it answers the store's followed reliefs. */
@Fast
class FollowedReliefsTest {

    private static final long DAY = 86_400_000L;
    private final TreeMap<Bytes, ReliefState> store = new TreeMap<>();

    private static Bytes key(String country, String alertId) {
        return StateKey.of().text(country).text(alertId).bytes();
    }

    private static ReliefState followed(long at) {
        return new ReliefState(relief(at), true, 0, null, null).reported("t-" + at, 1, null, "medium");
    }

    private static SanctionEvent relief(long at) {
        return new SanctionEvent("ofac-" + at, Instant.ofEpochMilli(at), "US", "BY", SanctionAction.LIFTED,
                new SanctionTarget("ofac:x" + at, "X", "company"), null, null, null, new Source("OFAC", "https://ofac.treasury.gov"));
    }

    private void put(FollowedReliefs index, Bytes key, ReliefState state) {
        store.put(key, state);
        index.wrote(key, state);
    }

    @Test
    void writtenAndRebuiltAnswerTheSameInKeyOrderAndOnlyWhatTheStoreFollows() {
        FollowedReliefs index = new FollowedReliefs();
        put(index, key("BY", "c"), followed(3 * DAY));
        put(index, key("BY", "a"), followed(1 * DAY));
        put(index, key("BY", "b"), ReliefState.waiting(relief(2 * DAY)));      // waiting: not followed
        put(index, key("BY", "d"), followed(4 * DAY).close());                 // closed: not followed
        put(index, key("IR", "a"), followed(1 * DAY));

        assertThat(keys(index.of("BY", at -> true))).containsExactly(key("BY", "a"), key("BY", "c"));
        assertThat(keys(index.of("BY", at -> at >= 2 * DAY))).containsExactly(key("BY", "c"));

        FollowedReliefs rebuilt = new FollowedReliefs();
        rebuilt.rebuild(store.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).toList());
        assertThat(keys(rebuilt.of("BY", at -> true))).isEqualTo(keys(index.of("BY", at -> true)));
        assertThat(rebuilt.size()).isEqualTo(index.size()).isEqualTo(3);

        // a relief the rule deleted or closed is no longer answered
        index.deleted(key("BY", "a"));
        store.remove(key("BY", "a"));
        put(index, key("BY", "c"), followed(3 * DAY).close());
        assertThat(index.of("BY", at -> true)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void thePurgeForgetsOnlyWhatItDeletedNotWhatItHasNotReachedYet() {
        FollowedReliefs index = new FollowedReliefs();
        put(index, key("BY", "a"), followed(1 * DAY));
        put(index, key("BY", "b"), followed(2 * DAY));
        put(index, key("BY", "c"), followed(9 * DAY));
        store.remove(key("BY", "a"));                                          // purged; b expired but not reached

        index.forgetPurged((country, at) -> at < 5 * DAY, store::get);

        assertThat(keys(index.of("BY", at -> true))).containsExactly(key("BY", "b"), key("BY", "c"));
        assertThat(index.size()).isEqualTo(2);
    }

    private static List<Bytes> keys(List<KeyValue<Bytes, ReliefState>> found) {
        return found.stream().map(kv -> kv.key).toList();
    }
}
