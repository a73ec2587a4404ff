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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleasedPersonsSerdeTest {

    @Property(tries = 300)
    void aChunkComesBackEqualAndNoPrefixOfItIsRead(@ForAll("chunks") List<ReleasedPerson> chunk) {
        byte[] bytes = ReleasedPersonsSerde.write(chunk);
        assertThat(ReleasedPersonsSerde.read(bytes)).isEqualTo(chunk);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> ReleasedPersonsSerde.read(cut)).isInstanceOf(SerializationException.class);
        }
    }

    @Provide
    Arbitrary<List<ReleasedPerson>> chunks() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(20);
        Arbitrary<Source> sources = Combinators.combine(text.injectNull(0.2), text.injectNull(0.2)).as(Source::new);
        Arbitrary<ReleasedPerson.Report> reports = Combinators.combine(text, Arbitraries.longs(), text.injectNull(0.5),
                sources.injectNull(0.2)).as(ReleasedPerson.Report::new);
        Arbitrary<ReleasedPerson> persons = Combinators.combine(text, text.injectNull(0.3),
                reports.list().ofMaxSize(PersonSighting.MAX_EVENT_IDS), sources.list().ofMaxSize(PersonSighting.MAX_SOURCES),
                Arbitraries.integers().between(0, 1_000_000)).as(ReleasedPerson::new);
        return persons.list().ofMaxSize(CountryReleases.PER_CHUNK);
    }
}
