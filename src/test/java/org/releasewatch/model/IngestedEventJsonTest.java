package org.releasewatch.model;

import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class IngestedEventJsonTest {

    @Test
    void aReleaseSurvivesTheInternalTopicRoundTrip() {
        ReleaseEvent release = new ReleaseEvent("e-1", Instant.parse("2025-12-12T22:30:00Z"), "BY",
                new Person("viasna:1", "Ales Bialiatski", List.of("nobel-laureate")), List.of("tax evasion"), "LT",
                "us-by-2025-12", new Source("Viasna", "https://spring96.org"));
        String json = Json.string(IngestedEvent.of(release));

        assertThat(json).startsWith("{\"release\":{").doesNotContain("sanction");
        IngestedEvent back = Json.read(json, IngestedEvent.class);
        assertThat(back.release()).isEqualTo(release);
        assertThat(back.country()).isEqualTo("BY");
    }

    @Test
    void aSanctionSurvivesTheInternalTopicRoundTrip() {
        SanctionEvent sanction = new SanctionEvent("s-1", Instant.parse("2025-12-13T12:00:00Z"), "US", "BY",
                SanctionAction.LIFTED, new SanctionTarget("ofac:belaruskali", "Belaruskali", "company"), "potash",
                "BELARUS-EO14038", "us-by-2025-12", null);
        IngestedEvent back = Json.read(Json.bytes(IngestedEvent.of(sanction)), IngestedEvent.class);
        assertThat(back.sanction()).isEqualTo(sanction);
        assertThat(back.hasRelease()).isFalse();
        assertThat(back.country()).isEqualTo("BY");
    }
}
