package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class StateKeyTest {

    /** The keys of a prefix scan over a sorted map of byte keys, as RocksDB orders them. */
    private static List<String> scan(TreeMap<Bytes, String> store, Bytes prefix) {
        return List.copyOf(store.subMap(prefix, true, StateKey.after(prefix), false).values());
    }

    @Test
    void anIdWithTheSeparatorOfTheOldKeysDoesNotReachIntoAnothersRange() {
        TreeMap<Bytes, String> store = new TreeMap<>();
        store.put(StateKey.of().text("viasna:1").time(5).text("e-1").bytes(), "of viasna:1");
        store.put(StateKey.of().text("viasna:1|x").time(5).text("e-2").bytes(), "of viasna:1|x");
        store.put(StateKey.of().text("viasna:1").time(6).text("|e-3").bytes(), "of viasna:1 again");

        assertThat(scan(store, StateKey.of().text("viasna:1").bytes())).containsExactly("of viasna:1", "of viasna:1 again");
        assertThat(scan(store, StateKey.of().text("viasna:1|x").bytes())).containsExactly("of viasna:1|x");
    }

    @Test
    void charactersBeyondTheBasicPlaneStayInsideTheirRange() {
        TreeMap<Bytes, String> store = new TreeMap<>();
        store.put(StateKey.of().text("p").time(1).text("\uD83D\uDE00-report").bytes(), "emoji event id");
        store.put(StateKey.of().text("p\uFFFF").time(1).text("e").bytes(), "another person");

        assertThat(scan(store, StateKey.of().text("p").bytes())).containsExactly("emoji event id");
    }

    @Test
    void timesSortInOrderNegativeOnesFirstAndRoundTrip() {
        TreeMap<Bytes, Long> store = new TreeMap<>();
        for (long t : new long[]{5, -1, Long.MIN_VALUE, 0, Long.MAX_VALUE, -86_400_000L}) {
            store.put(StateKey.of().text("BY").time(t).bytes(), t);
        }
        assertThat(store.values()).containsExactly(Long.MIN_VALUE, -86_400_000L, -1L, 0L, 5L, Long.MAX_VALUE);
        StateKey.Reader key = StateKey.read(StateKey.of().time(-42).text("BY").text("viasna:\uD83D\uDE00").bytes());
        assertThat(key.time()).isEqualTo(-42);
        assertThat(key.text()).isEqualTo("BY");
        assertThat(key.text()).isEqualTo("viasna:\uD83D\uDE00");
    }

    @Test
    void theKeyAfterAPrefixFollowsEveryKeyWithItAndNothingElse() {
        Bytes prefix = StateKey.of().text("BY").bytes();
        Bytes after = StateKey.after(prefix);
        assertThat(StateKey.of().text("BY").time(Long.MAX_VALUE).text("\uD83D\uDE00".repeat(40)).bytes()).isLessThan(after);
        assertThat(StateKey.of().text("BZ").bytes()).isGreaterThanOrEqualTo(after);
        assertThat(StateKey.after(Bytes.wrap(new byte[]{1, (byte) 0xff}))).isEqualTo(Bytes.wrap(new byte[]{2}));
    }
}
