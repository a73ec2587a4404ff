package org.releasewatch.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Fast;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Fast
class WebhookSettingsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static Map<String, Object> sub(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("url", "https://hooks.example.org/rw", "secret", SECRET));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    static Stream<Arguments> invalidSubscriptions() {
        String p = "releasewatch.webhooks.subscriptions[2].";
        return Stream.of(
                Arguments.of(sub("url", null), p + "url: is required"),
                Arguments.of(sub("url", "ftp://hooks.example.org"), p + "url: must be an http or https URL"),
                Arguments.of(sub("url", "https://exa mple.org"), p + "url: is not a valid URL (Illegal character in authority)"),
                Arguments.of(sub("url", "https://169.254.169.254/latest/meta-data"), p + "url: " + Redaction.url("https://169.254.169.254/latest/meta-data")
                        + " 169.254.169.254 is a cloud metadata service; set releasewatch.webhooks.allow-private-networks: true to allow it"),
                Arguments.of(sub("url", "https://[fe80::1]/hook"), p + "url: " + Redaction.url("https://[fe80::1]/hook")
                        + " [fe80::1] is a link-local address; set releasewatch.webhooks.allow-link-local: true to allow it"),
                Arguments.of(sub("url", "https://10.1.2.3/hook"), p + "url: " + Redaction.url("https://10.1.2.3/hook")
                        + " 10.1.2.3 is a private network address (RFC 1918); set releasewatch.webhooks.allow-private-networks: true to allow it"),
                Arguments.of(sub("url", "https://localhost:8080/hook"), p + "url: " + Redaction.url("https://localhost:8080/hook")
                        + " localhost names a loopback address; set releasewatch.webhooks.allow-private-networks: true to allow it"),
                Arguments.of(sub("url", "https://metadata.google.internal/computeMetadata/v1/"), p + "url: "
                        + Redaction.url("https://metadata.google.internal/computeMetadata/v1/")
                        + " metadata.google.internal names a cloud metadata service; set releasewatch.webhooks.allow-private-networks: true to allow it"),
                Arguments.of(sub("url", "http://hooks.example.org/T000/B000/XXXX"), p + "url: " + Redaction.url("http://hooks.example.org/T000/B000/XXXX")
                        + " is http://, which sends alerts and signatures in clear text; use https:// or set releasewatch.webhooks.allow-http: true"),
                Arguments.of(sub("secret", null), p + "secret: must start with \"whsec_\" followed by base64"),
                Arguments.of(sub("secret", "hunter2"), p + "secret: must start with \"whsec_\" followed by base64"),
                Arguments.of(sub("secret", "whsec_not*base64"), p + "secret: is not \"whsec_\" followed by valid base64"),
                Arguments.of(sub("secret", "whsec_c2hvcnQ="), p + "secret: key is 5 bytes; use at least 16 (24 recommended)"),
                Arguments.of(sub("rules", List.of("MASS_RELEASE", "PRISON_BREAK")), p + "rules: \"PRISON_BREAK\" is not one of [WATCHLIST_RELEASE, MASS_RELEASE, SANCTIONS_CHANGE, LINKED_RELIEF]"),
                Arguments.of(sub("countries", List.of("Belarus")), p + "countries: \"Belarus\" is not an ISO 3166-1 alpha-2 code"),
                Arguments.of(sub("min-severity", "urgent"), p + "min-severity: \"urgent\" is not one of info, warning, critical"),
                Arguments.of(sub("format", "telegram", "url", "https://api.telegram.org/bot1:x/sendMessage"),
                        p + "chat-id: a telegram subscription needs the chat to post to"),
                Arguments.of(sub("format", "email", "to", null), p + "to: an email subscription needs at least one recipient"),
                Arguments.of(sub("format", "whatsapp"), p + "format: \"whatsapp\" is not one of standard, slack, discord, teams, telegram, email, pagerduty"),
                Arguments.of(sub("format", "slack", "url", "https://10.1.2.3/services/T/B/x"), p + "url: "
                        + Redaction.url("https://10.1.2.3/services/T/B/x")
                        + " 10.1.2.3 is a private network address (RFC 1918); set releasewatch.webhooks.allow-private-networks: true to allow it"));
    }

    @ParameterizedTest
    @MethodSource("invalidSubscriptions")
    void anInvalidSubscriptionIsRefusedWithItsIndexAndField(Map<String, Object> raw, String message) {
        assertThatThrownBy(() -> WebhookSettings.parse(2, raw, new TargetPolicy(false, false, false)))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }

    @Test
    void aValidSubscriptionIsNormalised() {
        Subscription s = WebhookSettings.parse(0, sub("rules", "watchlist_release, MASS_RELEASE", "countries", List.of("by", "UA"),
                "min-severity", "Warning", "url", "https://user:pw@hooks.example.org:8443/rw?token=x"), new TargetPolicy(false, false, false));
        assertThat(s.rules()).containsExactlyInAnyOrder(AlertRule.WATCHLIST_RELEASE, AlertRule.MASS_RELEASE);
        assertThat(s.countries()).containsExactlyInAnyOrder("BY", "UA");
        assertThat(s.minSeverity()).isEqualTo(Severity.WARNING);
        String shown = "https://hooks.example.org:8443/…#" + Redaction.hash("https://user:pw@hooks.example.org:8443/rw?token=x");
        assertThat(s.redactedUrl()).isEqualTo(shown);
        assertThat(s.toString()).isEqualTo("subscription " + s.id() + " (" + shown + ")");
        assertThat(s.id()).as("derived from the URL").matches("sub_[0-9a-f]{16}")
                .isEqualTo(WebhookSettings.parse(3, sub("url", "https://user:pw@hooks.example.org:8443/rw?token=x"),
                        new TargetPolicy(false, false, false)).id());
    }

    @Test
    void linkLocalAddressesAreAllowedWhenConfiguredSo() {
        assertThat(WebhookSettings.parse(0, sub("url", "https://169.254.1.1/hook"), new TargetPolicy(false, false, true)).url().getHost())
                .isEqualTo("169.254.1.1");
        // the cloud metadata address stays closed with allow-link-local (contract v1.2)
        assertThatThrownBy(() -> WebhookSettings.parse(0, sub("url", "https://169.254.169.254/hook"), new TargetPolicy(false, false, true)))
                .hasMessageContaining("cloud metadata");
        assertThat(WebhookSettings.parse(0, sub("url", "http://127.0.0.1:9/hook"), new TargetPolicy(true, true, false)).url().getHost())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void aChannelSubscriptionNeedsNoSecretAndShowsItsUrlWithoutPathOrHash() {
        Subscription slack = WebhookSettings.parse(1, sub("format", "slack", "secret", null,
                "url", "https://hooks.slack.com/services/T000/B000/XXXXXXXX", "batch-window", "2m", "redact", List.of("charges")),
                new TargetPolicy(false, false, false));
        assertThat(slack.key()).isNull();
        assertThat(slack.channel().batchWindow()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(slack.redactedUrl()).isEqualTo("https://hooks.slack.com/…");
        assertThat(slack.toString()).isEqualTo("subscription " + slack.id() + " (slack https://hooks.slack.com/…)").doesNotContain("XXXXXXXX");
        Subscription email = WebhookSettings.parse(2, sub("format", "email", "url", null, "secret", null,
                "to", List.of("monitor@example.org")), new TargetPolicy(false, false, false));
        assertThat(email.url()).isNull();
        assertThat(email.channel().to()).containsExactly("monitor@example.org");
    }
}
