package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A busy day in {@link CountryReleases}: more persons than a bucket's first chunk holds, so buckets open more chunks;
 * every person is found again (a second report is no new person), a withdrawn person leaves their chunk without
 * hiding the chunks after it, and the day expires by its country's clock with a tombstone per chunk.
 */
@Fast
class CountryReleasesTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long KEPT = Duration.ofDays(16).toMillis();
    private static final int PERSONS = 2_000;

    private static KeyValueStore<Bytes, List<ReleasedPerson>> store() {
        KeyValueStore<Bytes, List<ReleasedPerson>> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("releases"),
                Serdes.Bytes(), new ReleasedPersonsSerde()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static ReleaseEvent release(String eventId, String person, Instant at) {
        return RulesDriver.release(eventId, at.toString(), "BY", person, "LT");
    }

    private static int keys(KeyValueStore<Bytes, ?> store) {
        int n = 0;
        try (KeyValueIterator<Bytes, ?> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void aBusyDaysPersonsAreEachFoundOnceInChunksAndExpireWithTheDay() {
        KeyValueStore<Bytes, List<ReleasedPerson>> store = store();
        CountryReleases releases = new CountryReleases(store, DAY, KEPT);
        Instant day = Instant.parse("2025-12-13T00:00:00Z");
        int news = 0;
        for (int i = 0; i < PERSONS; i++) {
            if (releases.report("BY", release("r-" + i, "p-" + i, day.plusSeconds(i))) == null) {
                news++;
            }
        }
        int again = 0;
        for (int i = 0; i < PERSONS; i++) {
            if (releases.report("BY", release("r-" + i + "-b", "p-" + i, day.plusSeconds(40_000 + i))) != null) {
                again++;
            }
        }
        assertThat(news).isEqualTo(PERSONS);
        assertThat(again).as("a second report finds its person").isEqualTo(PERSONS);
        int chunks = keys(store);
        assertThat(chunks).as("more chunks than buckets, each at most full")
                .isGreaterThan(CountryReleases.BUCKETS).isGreaterThanOrEqualTo(PERSONS / CountryReleases.PER_CHUNK);

        // the first persons leave their (first) chunks; the persons in the chunks after them are still found
        for (int i = 0; i < 200; i++) {
            releases.withdraw("BY", release("r-" + i, "p-" + i, day.plusSeconds(i)));
            releases.withdraw("BY", release("r-" + i + "-b", "p-" + i, day.plusSeconds(40_000 + i)));
        }
        for (int i = 0; i < PERSONS; i++) {
            ReleasedPerson found = releases.person("BY", day.toEpochMilli(), "p-" + i);
            if (i < 200) {
                assertThat(found).as("p-" + i + " withdrawn").isNull();
            } else {
                assertThat(found).as("p-" + i).isNotNull();
            }
        }
        List<ReleasedPerson> ofDay = releases.ofDay("BY", day.toEpochMilli());
        assertThat(ofDay).hasSize(PERSONS - 200);
        List<Bytes> order = new ArrayList<>(ofDay.stream().map(p -> StateKey.of().text(p.personId()).bytes()).toList());
        assertThat(order).isSorted();
        assertThat(releases.between("BY", day.toEpochMilli(), day.toEpochMilli() + DAY - 1)).hasSize(2 * (PERSONS - 200));

        // the day's last instant 16 days behind the clock: every chunk goes, one delete each
        long clock = day.toEpochMilli() + DAY - 1 + KEPT;
        for (int step = 0; step < 20 && keys(store) > 0; step++) {
            Purge purge = Purge.step();
            releases.purgeExpired(purge, Map.of("BY", clock));
        }
        assertThat(keys(store)).isZero();
    }

    @Test
    void aDayIsKeptUntilItsLastInstantHasExpired() {
        KeyValueStore<Bytes, List<ReleasedPerson>> store = store();
        CountryReleases releases = new CountryReleases(store, DAY, KEPT);
        Instant day = Instant.parse("2025-12-13T00:00:00Z");
        releases.report("BY", release("r-1", "p-1", day));
        releases.purgeExpired(Purge.step(), Map.of("BY", day.toEpochMilli() + DAY - 2 + KEPT));
        assertThat(keys(store)).as("its last instant is not yet 16 days behind").isOne();
        releases.purgeExpired(Purge.step(), Map.of("BY", day.toEpochMilli() + DAY - 1 + KEPT));
        assertThat(keys(store)).isZero();
    }
}
