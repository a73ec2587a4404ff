package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Fast
class CoPartitioningTest {

    @Test
    void differentCountsAreRefusedNamingBothTopicsAndTheirCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("releasewatch.internal.events-by-country.v1", 3);
        counts.put("releasewatch.internal.watchlist.v1", 6);
        assertThatThrownBy(() -> CoPartitioning.requireEqual(counts))
                .hasMessageContaining("releasewatch.internal.events-by-country.v1 (3 partitions)")
                .hasMessageContaining("releasewatch.internal.watchlist.v1 (6 partitions)");
    }

    @Test
    void equalCountsPass() {
        assertThatCode(() -> CoPartitioning.requireEqual(Map.of("a", 3, "b", 3, "c", 3))).doesNotThrowAnyException();
    }
}
