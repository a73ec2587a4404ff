package org.releasewatch.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The internal binary form gives back exactly what was written, and refuses what it did not write. */
class EventCodecTest {

    @Property
    void aReleaseComesBackEqual(@ForAll("releases") ReleaseEvent release) {
        assertThat(EventCodec.readRelease(EventCodec.write(release))).isEqualTo(release);
        assertThat(EventCodec.readEvent(EventCodec.write(IngestedEvent.of(release)))).isEqualTo(IngestedEvent.of(release));
    }

    @Property
    void aSanctionComesBackEqual(@ForAll("sanctions") SanctionEvent sanction) {
        assertThat(EventCodec.readSanction(EventCodec.write(sanction))).isEqualTo(sanction);
        assertThat(EventCodec.readEvent(EventCodec.write(IngestedEvent.of(sanction)))).isEqualTo(IngestedEvent.of(sanction));
    }

    @Property
    void everyTruncationIsRefused(@ForAll("releases") ReleaseEvent release) {
        byte[] bytes = EventCodec.write(release);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> EventCodec.readEvent(cut)).isInstanceOf(SerializationException.class);
        }
    }

    @Property
    void arbitraryBytesAreReadOrRefusedWithASerializationException(@ForAll @Size(max = 200) byte[] bytes) {
        try {
            EventCodec.readEvent(bytes);
        } catch (SerializationException expected) {
            // the only way to fail
        }
    }

    @Test
    void aSanctionIsNotReadAsARelease() {
        SanctionEvent s = new SanctionEvent("s-1", Instant.parse("2025-12-13T10:00:00Z"), "US", "BY", SanctionAction.LIFTED,
                new SanctionTarget("belavia", "Belavia", "company"), null, null, null, null);
        assertThatThrownBy(() -> EventCodec.readRelease(EventCodec.write(s))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("kind");
    }

    @Test
    void jsonOfAnEarlierVersionIsRefusedNamingWhatItIs() {
        ReleaseEvent r = new ReleaseEvent("r-1", Instant.parse("2025-12-13T10:00:00Z"), "BY",
                new Person("viasna:1", "A", List.of()), List.of(), null, null, null);
        assertThatThrownBy(() -> EventCodec.readEvent(Json.bytes(IngestedEvent.of(r))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("JSON");
    }

    @Test
    void theBinaryFormIsSmallerThanTheJson() {
        ReleaseEvent r = new ReleaseEvent("viasna-2025-12-13-001", Instant.parse("2025-12-13T10:00:00Z"), "BY",
                new Person("viasna:1234", "Алесь Бяляцкі", List.of("journalist")), List.of("Art. 342"), "LT",
                "us-by-2025-12-13", new Source("Viasna", "https://spring96.org/en/news"));
        assertThat(EventCodec.write(r).length).isLessThan(Json.bytes(IngestedEvent.of(r)).length * 2 / 3);
    }

    @Provide
    Arbitrary<ReleaseEvent> releases() {
        Arbitrary<Person> persons = Combinators.combine(text(), text().injectNull(0.2), texts())
                .as(Person::new).injectNull(0.1);
        return Combinators.combine(text(), instants(), text(), persons, texts(), text().injectNull(0.5),
                        text().injectNull(0.5), sources())
                .as(ReleaseEvent::new);
    }

    @Provide
    Arbitrary<SanctionEvent> sanctions() {
        Arbitrary<SanctionTarget> targets = Combinators.combine(text(), text().injectNull(0.3), text().injectNull(0.3))
                .as(SanctionTarget::new).injectNull(0.1);
        Arbitrary<SanctionAction> actions = Arbitraries.of(SanctionAction.class).injectNull(0.05);
        return Combinators.combine(text(), instants(), text(), text(), actions, targets, text().injectNull(0.5),
                        text().injectNull(0.5))
                .as((id, at, issuer, country, action, target, sector, program) -> new Object[]{id, at, issuer, country,
                        action, target, sector, program})
                .flatMap(f -> Combinators.combine(text().injectNull(0.5), sources()).as((agreement, source) ->
                        new SanctionEvent((String) f[0], (Instant) f[1], (String) f[2], (String) f[3],
                                (SanctionAction) f[4], (SanctionTarget) f[5], (String) f[6], (String) f[7], agreement, source)));
    }

    private static Arbitrary<Source> sources() {
        return Combinators.combine(text().injectNull(0.2), text().injectNull(0.2)).as(Source::new).injectNull(0.2);
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond).injectNull(0.02);
    }

    /** Any text without unpaired surrogates (ingest refuses input that is not UTF-8). */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(40),
                Arbitraries.strings().withCharRange('\ue000', '\uffff').ofMaxLength(5),
                Arbitraries.strings().ascii().ofMinLength(100).ofMaxLength(400));
    }

    private static Arbitrary<List<String>> texts() {
        return text().list().ofMaxSize(4);
    }
}
