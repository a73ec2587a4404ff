package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A purge deletes what has expired a bounded step at a time, and every step goes on where the last one stopped. */
@Fast
class PurgeTest {

    private static final int N = 5 * Purge.BUDGET + 123;
    /** Before every time-keyed key. */
    private static final Bytes FRONT = StateKey.of().time(Long.MIN_VALUE).bytes();

    private static KeyValueStore<Bytes, Long> store(String name) {
        KeyValueStore<Bytes, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.Bytes(), Serdes.Long()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** Keys (time t, "BY") for t in [0, n), each with t as its value. */
    private static void fillTimed(KeyValueStore<Bytes, Long> store, int n) {
        for (int t = 0; t < n; t++) {
            store.put(StateKey.of().time(t).text("BY").bytes(), (long) t);
        }
    }

    private static List<Bytes> keys(KeyValueStore<Bytes, Long> store) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, Long> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void aRangeIsDeletedAtMostABudgetPerStepUntilItIsGone() {
        KeyValueStore<Bytes, Long> store = store("timed");
        fillTimed(store, N);
        store.put(StateKey.of().time(N + 10).text("BY").bytes(), 0L); // not expired
        Bytes upTo = StateKey.of().time(N).bytes();
        int steps = 0;
        int deleted;
        do {
            Purge step = Purge.step();
            deleted = step.range(store, FRONT, upTo);
            assertThat(deleted).isLessThanOrEqualTo(Purge.BUDGET);
            steps++;
        } while (deleted > 0);
        assertThat(steps).isEqualTo(N / Purge.BUDGET + 2);
        assertThat(keys(store)).containsExactly(StateKey.of().time(N + 10).text("BY").bytes());
    }

    @Test
    void aRangeStartsAfterTheKeysItDeletedBefore() {
        KeyValueStore<Bytes, Long> store = store("resumed");
        fillTimed(store, 3 * Purge.BUDGET);
        Bytes upTo = StateKey.of().time(3L * Purge.BUDGET).bytes();
        Purge purge = Purge.step();
        assertThat(purge.range(store, FRONT, upTo)).isEqualTo(Purge.BUDGET);
        // a key behind the deleted ones: a rule never writes one (it has expired), so the next step does not look
        Bytes behind = StateKey.of().time(1).text("AA").bytes();
        store.put(behind, 1L);
        int deleted = 0;
        for (int step = 0; step < 3; step++) {
            purge.refill();
            deleted += purge.range(store, FRONT, upTo);
        }
        assertThat(deleted).isEqualTo(2 * Purge.BUDGET);
        assertThat(keys(store)).containsExactly(behind);
    }

    @Test
    void aDeleteDoesNotDecodeTheValueItRemovesAgain() {
        AtomicInteger decoded = new AtomicInteger();
        KeyValueStore<Bytes, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("decodes"),
                Serdes.Bytes(), Serdes.serdeFrom(Serdes.Long().serializer(), (topic, bytes) -> {
                    decoded.incrementAndGet();
                    return Serdes.Long().deserializer().deserialize(topic, bytes);
                })).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        fillTimed(store, 10);
        Purge purge = Purge.step();
        assertThat(purge.range(store, FRONT, StateKey.of().time(5).bytes())).isEqualTo(5);
        assertThat(decoded).as("once per key the range read, none for the deletes").hasValue(5);
        assertThat(store.approximateNumEntries()).isEqualTo(5);
    }

    @Test
    void aStepDeletesTwiceWhatItsRuleWroteSinceTheLastOnTopOfTheBudgetUpToItsCap() {
        KeyValueStore<Bytes, Long> store = store("backfill");
        fillTimed(store, 3 * Purge.MAX_STEP);
        Bytes upTo = StateKey.of().time(3L * Purge.MAX_STEP).bytes();
        Purge purge = Purge.step();
        for (int i = 0; i < Purge.MAX_STEP / 4; i++) {
            purge.written();
        }
        purge.refill();
        assertThat(purge.range(store, FRONT, upTo)).isEqualTo(Purge.BUDGET + Purge.MAX_STEP / 2);
        purge.refill();
        assertThat(purge.range(store, FRONT, upTo)).as("nothing written since").isEqualTo(Purge.BUDGET);
        for (int i = 0; i < Purge.MAX_STEP; i++) {
            purge.written();
        }
        purge.refill();
        assertThat(purge.range(store, FRONT, upTo)).isEqualTo(Purge.MAX_STEP);
    }

    @Test
    void aFullScanResumesAfterTheLastKeyItReadAndDeletesExactlyTheExpired() {
        KeyValueStore<Bytes, Long> store = store("persons");
        List<Bytes> kept = new ArrayList<>();
        for (int p = 0; p < N; p++) {
            long time = p % 3 == 0 ? 1_000 : 5_000;
            Bytes key = StateKey.of().text("person-" + p).time(time).bytes();
            store.put(key, time);
            if (time >= 2_000) {
                kept.add(key);
            }
        }
        Purge purge = Purge.step();
        int steps = 0;
        int deleted = 0;
        do {
            purge = carryOn(purge);
            deleted += purge.scanLeadingTextThenTime(store, (text, time) -> time < 2_000);
            assertThat(purge.spent() || !purge.scanning(store)).isTrue();
            steps++;
        } while (purge.scanning(store));
        assertThat(steps).as("one pass, budget by budget").isEqualTo((N + Purge.BUDGET - 1) / Purge.BUDGET);
        assertThat(deleted).isEqualTo((N + 2) / 3);
        assertThat(keys(store)).containsExactlyInAnyOrderElementsOf(kept);
    }

    /** Keys (text, time t, event id) for t in [0, n). */
    private static void fillUnder(KeyValueStore<Bytes, Long> store, String text, int n) {
        for (int t = 0; t < n; t++) {
            store.put(keyUnder(text, t), (long) t);
        }
    }

    private static Bytes keyUnder(String text, long time) {
        return StateKey.of().text(text).time(time).text("event-" + time).bytes();
    }

    private static long countUnder(KeyValueStore<Bytes, Long> store, String text) {
        return keys(store).stream().filter(key -> StateKey.read(key).text().equals(text)).count();
    }

    @Test
    void perLeadingTextGoesOnAtTheTextWhereTheLastStepsBudgetRanOut() {
        KeyValueStore<Bytes, Long> store = store("releases");
        fillUnder(store, "BY", 4 * Purge.BUDGET);
        fillUnder(store, "RU", 4 * Purge.BUDGET);
        Purge purge = Purge.step();
        purge.perLeadingText(store, Long.MAX_VALUE);
        assertThat(countUnder(store, "RU")).as("the budget ran out in BY").isEqualTo(4 * Purge.BUDGET);
        carryOn(purge).perLeadingText(store, Long.MAX_VALUE);
        assertThat(countUnder(store, "RU")).as("the next step starts at RU").isEqualTo(3 * Purge.BUDGET + 1);
        assertThat(countUnder(store, "BY")).isEqualTo(3 * Purge.BUDGET + 1);
    }

    @Test
    void perLeadingTextLooksForTheTextsOncePerPassAndDeletesOnlyWhatIsBeforeTheTime() {
        KeyValueStore<Bytes, Long> store = store("releases");
        fillUnder(store, "BY", 10);
        Purge purge = Purge.step();
        assertThat(purge.perLeadingText(store, 5)).isEqualTo(5);
        fillUnder(store, "RU", 10);
        assertThat(carryOn(purge).perLeadingText(store, 5)).as("RU came after the pass began").isZero();
        purge.newPass();
        assertThat(carryOn(purge).perLeadingText(store, 5)).isEqualTo(5);
        List<Bytes> left = new ArrayList<>();
        for (long t = 5; t < 10; t++) {
            left.add(keyUnder("BY", t));
            left.add(keyUnder("RU", t));
        }
        assertThat(keys(store)).containsExactlyInAnyOrderElementsOf(left);
    }

    @Test
    void writesBetweenPassesDoNotSwellTheFirstStepOfTheNextPass() {
        KeyValueStore<Bytes, Long> store = store("between-passes");
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        Bytes upTo = StateKey.of().time(Long.MAX_VALUE).bytes();
        AtomicInteger deleted = new AtomicInteger();
        Purge[] purge = new Purge[1];
        purge[0] = Purge.every(context, "test", () -> deleted.addAndGet(purge[0].range(store, FRONT, upTo)));
        Punctuator step = context.scheduledPunctuators().get(0).getPunctuator();
        step.punctuate(0); // the first pass: nothing to delete yet
        fillTimed(store, 3 * Purge.MAX_STEP);
        for (int i = 0; i < Purge.MAX_STEP; i++) {
            purge[0].written();
        }
        step.punctuate(Purge.AGAIN.toMillis()); // between passes
        step.punctuate(Purge.EVERY.toMillis());
        assertThat(deleted).as("the next pass's first step: its budget alone").hasValue(Purge.BUDGET);
    }

    /** The next step of the same purge: its resume points, a fresh budget. */
    private static Purge carryOn(Purge purge) {
        purge.refill();
        return purge;
    }
}
