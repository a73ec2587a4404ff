package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Configured settings against what the topic holds: folding in an unchanged entry must leave its record alone. */
class SubscriptionCodecTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static SubscriptionCodec codec() {
        return new SubscriptionCodec(new SecretBox("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])),
                settings());
    }

    private static WebhookSettings settings() {
        try (io.micronaut.context.ApplicationContext context = org.releasewatch.testing.ConfigContext.of(Map.of(
                "releasewatch.webhooks.allow-http", true, "releasewatch.webhooks.allow-private-networks", true))) {
            return context.getBean(WebhookSettings.class);
        }
    }

    @Test
    void anUnchangedEntryWithAnExplicitIdIsTheSameAndAChangedOneIsNot() {
        SubscriptionCodec codec = codec();
        Map<String, Object> configured = Map.of("id", "partner-x", "url", "https://hooks.example.org/rw", "secret", SECRET,
                "countries", List.of("BY"));
        SubscriptionRecord sealed = codec.seal("partner-x", SubscriptionRecord.ORIGIN_CONFIG, configured, null,
                SubscriptionRecord.ACTIVE, "configuration", Instant.now(), null);
        assertThat(codec.same(configured, sealed)).isTrue();
        assertThat(codec.same(Map.of("id", "partner-x", "url", "https://hooks.example.org/rw", "secret", SECRET,
                "countries", List.of("UA")), sealed)).isFalse();
        assertThat(codec.subscription(sealed, 0).key()).isEqualTo(WebhookSigner.decodeSecret(SECRET));
        assertThat(sealed.url()).doesNotContain("hooks.example.org");
        assertThat(sealed.secret()).doesNotContain(SECRET.substring(6));
    }
}
