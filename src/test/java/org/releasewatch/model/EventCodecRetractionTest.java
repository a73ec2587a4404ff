package org.releasewatch.model;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Version 2 of the internal binary form carries retractions; reports keep the version-1 bytes. */
@Fast
class EventCodecRetractionTest {

    private static final ReleaseEvent REPORT = new ReleaseEvent("r-1", Instant.parse("2025-12-13T10:00:00Z"), "BY",
            new Person("viasna:1", "A", List.of()), List.of(), null, null, null);

    /** {@link #REPORT} as the codec wrote it before retractions existed (version 1, printed by that code). */
    private static final String REPORT_V1 = "015204722d3101c0e4e9930d000342590109766961736e613a3102410000000000";

    @Test
    void aReportIsWrittenAsVersionOneByteForByteAndAnOldRecordStillDecodes() {
        byte[] bytes = EventCodec.write(REPORT);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(REPORT_V1);
        assertThat(EventCodec.readRelease(HexFormat.of().parseHex(REPORT_V1))).isEqualTo(REPORT);
        assertThat(EventCodec.readRelease(bytes)).isEqualTo(REPORT);
        assertThat(EventCodec.readRelease(bytes).retracted()).isFalse();
    }

    @Test
    void aRetractedReleaseComesBackWithItsNoteAndWithout() {
        for (String note : Arrays.asList("reported in error: the person is still held", null)) {
            ReleaseEvent retraction = new ReleaseEvent("r-1", REPORT.occurredAt(), "BY", REPORT.person(), List.of(), "LT",
                    "deal", new Source("Viasna", null), true, note);
            byte[] bytes = EventCodec.write(retraction);
            assertThat(bytes[0]).isEqualTo((byte) 2);
            assertThat(EventCodec.readRelease(bytes)).isEqualTo(retraction);
            assertThat(EventCodec.readEvent(bytes)).isEqualTo(IngestedEvent.of(retraction));
            assertThat(EventCodec.readEvent(bytes).retracted()).isTrue();
            for (int n = 0; n < bytes.length; n++) {
                byte[] cut = Arrays.copyOf(bytes, n);
                assertThatThrownBy(() -> EventCodec.readEvent(cut)).isInstanceOf(SerializationException.class);
            }
        }
    }

    @Test
    void aRetractedSanctionComesBack() {
        SanctionEvent retraction = new SanctionEvent("s-1", Instant.parse("2025-12-13T07:00:00Z"), "US", "BY",
                SanctionAction.LIFTED, new SanctionTarget("ofac:belaruskali", "Belaruskali", "company"), "potash", null, null,
                null, true, "announced in error");
        byte[] bytes = EventCodec.write(retraction);
        assertThat(EventCodec.readSanction(bytes)).isEqualTo(retraction);
        assertThat(EventCodec.readEvent(bytes).retracted()).isTrue();
        SanctionEvent report = new SanctionEvent("s-1", retraction.occurredAt(), "US", "BY", SanctionAction.LIFTED,
                retraction.target(), "potash", null, null, null);
        assertThat(EventCodec.write(report)[0]).isEqualTo((byte) 1);
        assertThat(EventCodec.readEvent(EventCodec.write(report)).retracted()).isFalse();
    }

    @Test
    void anUnknownVersionIsStillRefused() {
        byte[] bytes = EventCodec.write(REPORT);
        bytes[0] = 4; // version 3 carries inferred releases (EventCodecInferredTest)
        assertThatThrownBy(() -> EventCodec.readEvent(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown version 4");
    }
}
