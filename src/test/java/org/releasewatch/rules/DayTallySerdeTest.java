package org.releasewatch.rules;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import org.apache.kafka.common.errors.SerializationException;
import org.releasewatch.json.Json;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DayTallySerdeTest {

    @Property
    void aTallyComesBackEqualAndNoPrefixOfItIsRead(@ForAll("tallies") DayTally tally) {
        byte[] bytes = DayTallySerde.write(tally);
        assertThat(DayTallySerde.read(bytes)).isEqualTo(tally);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> DayTallySerde.read(cut)).isInstanceOf(SerializationException.class);
        }
    }

    @Property
    void aTallyWrittenAsJsonByAnEarlierVersionIsStillRead(@ForAll("tallies") DayTally tally) {
        assertThat(DayTallySerde.read(Json.bytes(tally))).isEqualTo(tally);
    }

    @Example
    void theDecemberThirteenthTallyIsAFewBytes() {
        DayTally tally = new DayTally(123, Map.of("UA", 114, "LT", 9), List.of(50, 100));
        byte[] bytes = DayTallySerde.write(tally);
        assertThat(bytes).hasSizeLessThan(20).hasSizeLessThan(Json.bytes(tally).length / 3);
        assertThat(DayTallySerde.read(bytes)).isEqualTo(tally);
    }

    @Example
    void aTallyOfTheFirstBinaryVersionIsReadWithNothingLate() {
        // version 1: count 3, one destination UA → 3, fired [10]
        byte[] v1 = {1, 3, 1, 3, 'U', 'A', 3, 1, 10};
        assertThat(DayTallySerde.read(v1)).isEqualTo(new DayTally(3, Map.of("UA", 3), List.of(10), 0, false));
    }

    @Provide
    Arbitrary<DayTally> tallies() {
        Arbitrary<String> destination = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(12);
        Arbitrary<Map<String, Integer>> byDestination = Arbitraries.maps(destination, Arbitraries.integers().between(0, 1_000_000)).ofMaxSize(30);
        Arbitrary<List<Integer>> fired = Arbitraries.integers().between(1, 100_000).list().ofMaxSize(6);
        return Combinators.combine(Arbitraries.integers().between(0, 1_000_000), byDestination, fired,
                Arbitraries.integers().between(0, 1_000_000), Arbitraries.of(false, true)).as(DayTally::new);
    }
}
