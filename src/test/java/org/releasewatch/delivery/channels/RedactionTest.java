package org.releasewatch.delivery.channels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redact: [charges, note, tags]} leaves those person fields out of every format; the rest stays. (Compared
 * with markup escapes removed: Teams writes {@code nobel\-laureate}.)
 */
@Fast
class RedactionTest {

    @ParameterizedTest
    @EnumSource(value = ChannelFormat.class, names = {"STANDARD", "PAGERDUTY"}, mode = EnumSource.Mode.EXCLUDE)
    void redactedFieldsAreLeftOutAndTheRestStays(ChannelFormat format) {
        Alert bialiatski = Fixtures.bialiatski();
        String full = Json.string(Fixtures.renderer(format).render(List.of(bialiatski),
                Fixtures.target(format, Fixtures.url(format))).message()).replace("\\", "");
        String redacted = Json.string(Fixtures.renderer(format).render(List.of(bialiatski),
                Fixtures.target(format, Fixtures.url(format), EnumSet.allOf(PersonField.class), Duration.ZERO)).message()).replace("\\", "");

        assertThat(full).contains("Article 342", "Nobel Peace Prize 2022", "nobel-laureate");
        assertThat(redacted).doesNotContain("Article 342", "Nobel Peace Prize 2022", "nobel-laureate")
                .contains("Ales Bialiatski", "Lithuania", "high");

        String onlyCharges = Json.string(Fixtures.renderer(format).render(List.of(bialiatski),
                Fixtures.target(format, Fixtures.url(format), Set.of(PersonField.CHARGES), Duration.ZERO)).message()).replace("\\", "");
        assertThat(onlyCharges).doesNotContain("Article 342").contains("Nobel Peace Prize 2022", "nobel-laureate");
    }
}
