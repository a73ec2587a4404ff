package org.releasewatch.bench;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class AlertIdComparisonTest {

    @Test
    void theSameIdsPerRuleAreEqualWhateverTheOrder() {
        AlertIdComparison same = AlertIdComparison.of(Map.of("MASS_RELEASE", Set.of("a", "b")), Map.of("MASS_RELEASE", Set.of("b", "a")));
        assertThat(same.equal()).isTrue();
        assertThat(same.differences()).containsEntry("only_in_pipeline_count", 0).containsEntry("only_in_reference_count", 0);
    }

    @Test
    void equalCountsWithOtherIdsDifferAndEachSideNamesItsOwn() {
        AlertIdComparison c = AlertIdComparison.of(Map.of("MASS_RELEASE", Set.of("a", "x")), Map.of("MASS_RELEASE", Set.of("a", "y")));
        assertThat(c.equal()).isFalse();
        assertThat(c.differences()).containsEntry("only_in_pipeline", List.of("MASS_RELEASE x"))
                .containsEntry("only_in_reference", List.of("MASS_RELEASE y"));
    }

    @Test
    void anIdUnderAnotherRuleIsADifference() {
        AlertIdComparison c = AlertIdComparison.of(Map.of("LINKED_RELIEF", Set.of("a")), Map.of("SANCTIONS_CHANGE", Set.of("a")));
        assertThat(c.onlyInPipeline()).containsExactly("LINKED_RELIEF a");
        assertThat(c.onlyInReference()).containsExactly("SANCTIONS_CHANGE a");
    }

    @Test
    void aLongDifferenceIsCountedInFullAndNamedUpToTheBound() {
        Set<String> many = new TreeSet<>(IntStream.range(0, 1000).mapToObj(i -> "id-" + i).toList());
        AlertIdComparison c = AlertIdComparison.of(Map.of("WATCHLIST_RELEASE", many), Map.of());
        assertThat(c.differences()).containsEntry("only_in_pipeline_count", 1000);
        assertThat((List<?>) c.differences().get("only_in_pipeline")).hasSize(AlertIdComparison.SHOWN);
    }
}
