package org.releasewatch.rules;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.releasewatch.model.Source;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonSightingSerdeTest {

    @Property
    void aSightingComesBackEqualAndNoPrefixOfItIsRead(@ForAll("sightings") PersonSighting sighting) {
        byte[] bytes = PersonSightingSerde.write(sighting);
        assertThat(PersonSightingSerde.read(bytes)).isEqualTo(sighting);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> PersonSightingSerde.read(cut)).isInstanceOf(SerializationException.class);
        }
    }

    @Provide
    Arbitrary<PersonSighting> sightings() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(30);
        Arbitrary<Source> sources = Combinators.combine(text.injectNull(0.2), text.injectNull(0.2)).as(Source::new);
        return Combinators.combine(text.injectNull(0.3), text.list().ofMaxSize(PersonSighting.MAX_EVENT_IDS),
                        sources.list().ofMaxSize(PersonSighting.MAX_SOURCES), Arbitraries.integers().between(0, 1_000_000))
                .as(PersonSighting::new);
    }
}
