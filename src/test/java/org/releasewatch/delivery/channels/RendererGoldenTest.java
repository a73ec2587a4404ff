package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.releasewatch.i18n.Language;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each renderer's output for one alert of each rule (and for the whole 13 December story as one batch) equals
 * its golden file under {@code src/test/resources/channels/<format>/}, compared as JSON trees: {@code <name>.json}
 * in English (the instance's default), {@code <name>.be.json} for a subscription with {@code locale: be}. After a
 * deliberate change of a format or a phrase, review the diff of
 * {@code ./mvnw -B test -Dtest=RendererGoldenTest -Dchannels.golden.write=true}.
 */
@Fast
class RendererGoldenTest {

    private static final boolean WRITE = Boolean.getBoolean("channels.golden.write");
    private static final List<ChannelFormat> FORMATS = List.of(ChannelFormat.SLACK, ChannelFormat.DISCORD,
            ChannelFormat.TEAMS, ChannelFormat.TELEGRAM, ChannelFormat.EMAIL, ChannelFormat.PAGERDUTY);
    private static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Language language : List.of(Language.EN, Language.BE)) {
            for (ChannelFormat format : FORMATS) {
                Fixtures.onePerRule().forEach((rule, alert) -> out.add(Arguments.of(format, rule.name().toLowerCase(Locale.ROOT),
                        language, List.of(alert))));
                out.add(Arguments.of(format, "story-batch", language, Fixtures.story()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void rendersAsTheGoldenFileSays(ChannelFormat format, String name, Language language, List<Alert> alerts) throws IOException {
        ChannelTarget target = format == ChannelFormat.PAGERDUTY
                ? ChannelTarget.parse(Map.of("format", "pagerduty", "routing-key", ROUTING_KEY))
                : Fixtures.target(format, Fixtures.url(format));
        ChannelTarget inLanguage = language == Language.EN ? target : target.inLanguage(language);
        JsonNode actual;
        List<String> ids;
        if (format == ChannelFormat.PAGERDUTY) {
            // PagerDuty takes one event per message, never a batch: the story's golden is its events in order
            PagerDutyEvents events = new PagerDutyEvents(Fixtures.LINKS);
            ArrayNode all = Json.MAPPER.createArrayNode();
            alerts.forEach(a -> all.add(events.event(a, ROUTING_KEY, inLanguage)));
            actual = all.size() == 1 ? all.get(0) : all;
            ids = new ArrayList<>();
            all.forEach(e -> ids.add(e.path("payload").path("custom_details").path("message").asText()));
        } else {
            Rendered<?> rendered = Fixtures.renderer(format).render(alerts, inLanguage);
            actual = Json.tree(rendered.message());
            ids = rendered.alertIds();
        }
        Path golden = Path.of("src/test/resources/channels", format.wire(),
                name + (language == Language.EN ? "" : "." + language.tag()) + ".json");
        if (WRITE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        assertThat(actual).as("%s", golden)
                .isEqualTo(Json.MAPPER.readTree(Files.readString(golden, StandardCharsets.UTF_8)));
        List<Alert> expectedOrder = format == ChannelFormat.PAGERDUTY ? alerts : Batch.ordered(alerts);
        assertThat(ids).as("every alert of the batch is in the message(s)")
                .containsExactlyElementsOf(expectedOrder.stream().map(Alert::id).toList());
    }

    static {
        // a new rule needs its sample in Fixtures.onePerRule(), then its golden files (-Dchannels.golden.write=true)
        assertThat(Fixtures.onePerRule().keySet()).containsExactly(AlertRule.values());
    }
}
