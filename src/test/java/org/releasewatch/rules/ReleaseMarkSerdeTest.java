package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class ReleaseMarkSerdeTest {

    private final ReleaseMarkSerde serde = new ReleaseMarkSerde();

    private ReleaseMark roundTrip(ReleaseMark mark) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", mark));
    }

    @Test
    void aFullMarkComesBackEqual() {
        ReleaseMark mark = new ReleaseMark("viasna-2025-12-13-001", "viasna:1", "us-by-2025-12-13",
                new Source("Viasna Human Rights Centre", "https://spring96.org/en/news"));
        assertThat(roundTrip(mark)).isEqualTo(mark);
    }

    @Test
    void absentAgreementAndSourceStayAbsent() {
        ReleaseMark mark = new ReleaseMark("r-1", "p-1", null, null);
        assertThat(roundTrip(mark)).isEqualTo(mark);
        ReleaseMark nameOnly = new ReleaseMark("r-2", "p-2", null, new Source("Viasna", null));
        assertThat(roundTrip(nameOnly)).isEqualTo(nameOnly);
    }

    @Test
    void nonAsciiAndLongTextSurvive() {
        String longAgreement = "соглашение-".repeat(10_000); // beyond the 64 KiB of DataOutput.writeUTF
        ReleaseMark mark = new ReleaseMark("r-ü-1", "viasna:Алесь", longAgreement, new Source("Вясна", "https://spring96.org/be/"));
        assertThat(roundTrip(mark)).isEqualTo(mark);
    }

    @Test
    void aMarkWrittenAsJsonByAnEarlierVersionIsStillRead() {
        ReleaseMark mark = new ReleaseMark("r-1", "p-1", "deal", new Source("Viasna", "https://spring96.org"));
        assertThat(serde.deserializer().deserialize("t", Json.bytes(mark))).isEqualTo(mark);
    }

    @Test
    void nullIsATombstone() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
