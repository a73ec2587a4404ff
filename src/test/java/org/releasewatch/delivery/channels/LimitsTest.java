package org.releasewatch.delivery.channels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.StoryAlerts;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest input the contract allows (a 256-character name, 50 charges of 512 characters, 50 tags of 64, a
 * 1024-character note, a 256-character source name) made of the characters that grow most when escaped: one
 * such alert, and a batch of 60, still make messages each service accepts (checked by the same rules as the
 * loopback services), holding at least one alert each.
 */
@Fast
class LimitsTest {

    private static Alert largest(int i) {
        String worst = "&<>\"*_~`|@";
        String name = repeat(worst, 256);
        List<String> charges = Collections.nCopies(50, repeat(worst, 512));
        List<String> tags = Collections.nCopies(50, repeat(worst, 64));
        ReleaseEvent release = new ReleaseEvent("big-" + i, Instant.parse("2025-12-13T09:00:00Z").plusSeconds(i), "BY",
                new Person("big:" + i, name, tags), charges, "LT", repeat(worst, 128), new Source(repeat(worst, 256), "https://example.org/" + i));
        return StoryAlerts.watchlistRelease(release, new WatchlistEntry("big:" + i, name, Priority.HIGH, repeat(worst, 1024)));
    }

    private static String repeat(String unit, int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            s.append(unit);
        }
        return s.substring(0, length);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelFormat.class, names = {"SLACK", "DISCORD", "TEAMS", "TELEGRAM"})
    void theLargestAlertsStillMakeMessagesTheServiceAccepts(ChannelFormat format) {
        ChannelTarget target = Fixtures.target(format, "https://example.org/x/sendMessage");
        @SuppressWarnings("unchecked")
        ChannelRenderer<com.fasterxml.jackson.databind.node.ObjectNode> renderer =
                (ChannelRenderer<com.fasterxml.jackson.databind.node.ObjectNode>) Fixtures.renderer(format);

        Rendered<com.fasterxml.jackson.databind.node.ObjectNode> one = renderer.render(List.of(largest(0)), target);
        String body = Json.string(one.message());
        assertThat(FakeChatService.problems(format, one.message(), body, "/bot1:x/sendMessage")).as(body).isEmpty();
        assertThat(one.alertIds()).hasSize(1);

        List<Alert> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            batch.add(largest(i));
        }
        List<String> sent = new ArrayList<>();
        while (sent.size() < batch.size()) {
            List<Alert> rest = batch.stream().filter(a -> !sent.contains(a.id())).toList();
            Rendered<com.fasterxml.jackson.databind.node.ObjectNode> message = renderer.render(rest, target);
            String json = Json.string(message.message());
            assertThat(FakeChatService.problems(format, message.message(), json, "/bot1:x/sendMessage")).as(json).isEmpty();
            assertThat(message.alertIds()).isNotEmpty().noneMatch(sent::contains);
            sent.addAll(message.alertIds());
        }
        assertThat(sent).hasSize(60).doesNotHaveDuplicates();
    }
}
