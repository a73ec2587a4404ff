package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Evidence;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Evidences#merge}: each id and source once, in the order first seen, capped, with the number left out. */
@Fast
class EvidencesTest {

    private static Source source(int i) {
        return new Source("source-" + i, "https://example.org/" + i);
    }

    @Test
    void eachIdAndSourceOnceInTheOrderFirstSeenNullSourcesLeftOut() {
        Evidence e = Evidences.merge(List.of("r-2", "r-1", "r-2", "r-3", "r-1"),
                Arrays.asList(source(2), null, source(1), source(2)));
        assertThat(e.eventIds()).containsExactly("r-2", "r-1", "r-3");
        assertThat(e.sources()).containsExactly(source(2), source(1));
        assertThat(e.eventIdsOmitted()).isNull();
        assertThat(e.sourcesOmitted()).isNull();
    }

    @Test
    void thousandsOfReportsKeepTheFirstDistinctOnesAndCountTheDistinctRest() {
        List<String> ids = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < 3 * Evidence.MAX_EVENT_IDS; i++) {
            ids.add("r-" + i);
            ids.add("r-" + (i / 2)); // every id twice, the repeats interleaved
            sources.add(source(i % (Evidence.MAX_SOURCES + 7)));
        }
        Evidence e = Evidences.merge(ids, sources, 5);
        assertThat(e.eventIds()).hasSize(Evidence.MAX_EVENT_IDS).doesNotHaveDuplicates()
                .startsWith("r-0", "r-1", "r-2");
        assertThat(e.eventIdsOmitted()).isEqualTo(3 * Evidence.MAX_EVENT_IDS - Evidence.MAX_EVENT_IDS + 5);
        assertThat(e.sources()).containsExactlyElementsOf(IntStream.range(0, Evidence.MAX_SOURCES).mapToObj(EvidencesTest::source).toList());
        assertThat(e.sourcesOmitted()).isEqualTo(7);
    }

    @Test
    void idsOmittedBeforeAreCountedWithNoneOmittedNow() {
        assertThat(Evidences.merge(List.of("r-1"), List.of(source(1)), 3).eventIdsOmitted()).isEqualTo(3);
        assertThat(Evidences.merge(List.of("r-1"), List.of(source(1)), 0).eventIdsOmitted()).isNull();
    }
}
