package org.releasewatch.model;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Version 3 of the internal binary form carries {@code inferred} (a release derived from a roster), for a release and
 * its retraction; the JSON form writes the field only when true, so a reported release's JSON is unchanged.
 */
@Fast
class EventCodecInferredTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void anInferredReleaseAndItsRetractionComeBackInferred() {
        ReleaseEvent inferred = new ReleaseEvent("viasna-roster:17:3", AT, "BY", new Person("viasna-roster:17", "A", List.of()),
                List.of(), null, null, new Source("viasna-roster", "https://example.org/roster"), false, null, true);
        ReleaseEvent retraction = new ReleaseEvent(inferred.eventId(), AT, "BY", inferred.person(), List.of(), null, null,
                inferred.source(), true, "back on the roster", true);
        for (ReleaseEvent e : List.of(inferred, retraction)) {
            byte[] bytes = EventCodec.write(e);
            assertThat(bytes[0]).isEqualTo((byte) 3);
            assertThat(EventCodec.readRelease(bytes)).isEqualTo(e);
            assertThat(EventCodec.readEvent(bytes).release().inferred()).isTrue();
            for (int n = 0; n < bytes.length; n++) {
                byte[] cut = Arrays.copyOf(bytes, n);
                assertThatThrownBy(() -> EventCodec.readEvent(cut)).isInstanceOf(SerializationException.class);
            }
        }
    }

    @Test
    void theJsonFormWritesInferredOnlyWhenTrue() {
        ReleaseEvent reported = new ReleaseEvent("r-1", AT, "BY", new Person("viasna:1", "A", List.of()), List.of(), null, null, null);
        assertThat(Json.string(reported)).doesNotContain("inferred");
        assertThat(EventCodec.write(reported)[0]).as("a report keeps version 1").isEqualTo((byte) 1);
        ReleaseEvent inferred = new ReleaseEvent("r-1", AT, "BY", reported.person(), List.of(), null, null, null, false, null, true);
        assertThat(Json.string(inferred)).contains("\"inferred\":true");
        assertThat(Json.read(Json.bytes(inferred), ReleaseEvent.class)).isEqualTo(inferred);
    }
}
