package org.releasewatch.delivery.channels;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The channel settings of a configured subscription: read as YAML gives them, bad ones named by field. */
@Fast
class ChannelTargetTest {

    @Test
    void readsEachFormatsSettings() {
        ChannelTarget slack = ChannelTarget.parse(Map.of("format", "slack", "url", "https://hooks.slack.com/services/T/B/secret",
                "redact", List.of("charges", "note"), "batch-window", "2m"));
        assertThat(slack.format()).isEqualTo(ChannelFormat.SLACK);
        assertThat(slack.redact()).containsExactlyInAnyOrder(PersonField.CHARGES, PersonField.NOTE);
        assertThat(slack.batchWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(slack.toString()).isEqualTo("slack https://hooks.slack.com/… batch PT2M").doesNotContain("secret");

        ChannelTarget telegram = ChannelTarget.parse(Map.of("format", "telegram",
                "url", "https://api.telegram.org/bot123:secret/sendMessage", "chat-id", "-1001234567890"));
        assertThat(telegram.chatId()).isEqualTo("-1001234567890");
        assertThat(telegram.redactedUrl()).isEqualTo("https://api.telegram.org/…");

        ChannelTarget email = ChannelTarget.parse(Map.of("format", "email", "to", List.of("a@example.org", "b@example.org")));
        assertThat(email.to()).containsExactly("a@example.org", "b@example.org");
        assertThat(email.url()).isNull();

        assertThat(ChannelTarget.parse(Map.of("url", "https://partner.example/hook")).format()).isEqualTo(ChannelFormat.STANDARD);
    }

    @Test
    void badSettingsAreNamedByField() {
        assertField(Map.of("format", "mattermost", "url", "https://x.example/h"), "format", "slack, discord, teams, telegram, email");
        assertField(Map.of("format", "discord"), "url", "is required");
        assertField(Map.of("format", "telegram", "url", "https://api.telegram.org/bot1:x/sendMessage"), "chat-id", "needs the chat");
        assertField(Map.of("format", "telegram", "url", "https://api.telegram.org/bot1:x/getMe", "chat-id", "42"), "url", "sendMessage");
        assertField(Map.of("format", "email", "to", List.of("not an address")), "to", "not an email address");
        assertField(Map.of("format", "email"), "to", "at least one recipient");
        assertField(Map.of("format", "slack", "url", "https://x.example/h", "redact", List.of("name")), "redact", "charges, note, tags");
        assertField(Map.of("format", "slack", "url", "https://x.example/h", "batch-window", "3h"), "batch-window", "between 0s and 60m");
        assertField(Map.of("format", "slack", "url", "https://x.example/h", "batch-window", "soon"), "batch-window", "not a duration");
        assertField(Map.of("url", "https://x.example/h", "batch-window", "2m"), "batch-window", "not to standard");
    }

    @Test
    void aPublicUrlIsTheBaseOfLinksAndWithoutOneTheLocalAddressIs() {
        assertThat(new AlertLinks("https://rw.example.org/", 8080).alert("c7adbb05-3f69-58ef-8dd3-21fba6df4189"))
                .isEqualTo("https://rw.example.org/alerts/c7adbb05-3f69-58ef-8dd3-21fba6df4189");
        assertThat(new AlertLinks(null, 9000).alert("a b")).isEqualTo("http://localhost:9000/alerts/a+b");
        assertThat(Set.of(ChannelFormat.values())).allSatisfy(f -> assertThat(ChannelFormat.fromWire(f.wire())).isEqualTo(f));
    }

    private static void assertField(Map<String, Object> raw, String field, String says) {
        assertThatThrownBy(() -> ChannelTarget.parse(raw)).isInstanceOfSatisfying(ChannelTarget.Invalid.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).startsWith(field + ": ").contains(says);
        });
    }
}
