package org.releasewatch.delivery;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code webhook-signature} header around a rotation, verified by the Standard Webhooks library. */
class RotationSignatureTest {

    private static final String OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final String BODY = "{\"id\":\"a1\",\"rule\":\"MASS_RELEASE\"}";

    private static Subscription rotated(Instant until) {
        Subscription current = new Subscription(0, URI.create("https://hooks.example.org/rw"),
                WebhookSigner.decodeSecret(NEW), Set.of(), Set.of(), null);
        return current.stored("sub_1", WebhookSigner.decodeSecret(OLD), until);
    }

    private static boolean verifies(String secret, String header, long timestamp) {
        try {
            new Webhook(secret).verify(BODY, Map.of("webhook-id", List.of("a1"),
                    "webhook-timestamp", List.of(String.valueOf(timestamp)), "webhook-signature", List.of(header)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void duringTheOverlapBothSignaturesNewFirstAndEitherSecretVerifies() {
        Instant now = Instant.now();
        long ts = now.getEpochSecond();
        String header = rotated(now.plusSeconds(60)).signatureHeader("a1", ts, BODY.getBytes(StandardCharsets.UTF_8), now);
        String[] parts = header.split(" ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo(WebhookSigner.signature(WebhookSigner.decodeSecret(NEW), "a1", ts,
                BODY.getBytes(StandardCharsets.UTF_8)));
        assertThat(verifies(OLD, header, ts)).as("a receiver holding only the old secret").isTrue();
        assertThat(verifies(NEW, header, ts)).as("a receiver holding only the new secret").isTrue();
        assertThat(verifies("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]), header, ts))
                .as("a receiver holding another secret").isFalse();
    }

    @Test
    void afterTheOverlapOnlyTheNewSecretVerifies() {
        Instant now = Instant.now();
        long ts = now.getEpochSecond();
        String header = rotated(now).signatureHeader("a1", ts, BODY.getBytes(StandardCharsets.UTF_8), now);
        assertThat(header.split(" ")).hasSize(1);
        assertThat(verifies(NEW, header, ts)).isTrue();
        assertThat(verifies(OLD, header, ts)).isFalse();
    }
}
