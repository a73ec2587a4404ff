package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver-side verification example of README.md, verbatim, works on what the service signs. */
@Fast
class ReadmeVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    // --- README.md "Verify a request in Java" ---
    static boolean verified(String secret, Map<String, String> headers, byte[] body) throws Exception {
        String id = headers.get("webhook-id"), ts = headers.get("webhook-timestamp");
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)) > 300) return false; // too old: a replay
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        return Arrays.stream(headers.get("webhook-signature").split(" "))
                .anyMatch(s -> MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8), expected));
    }
    // --- end of README example ---

    @Test
    void theReadmeExampleAcceptsWhatTheServiceSignsAndRejectsTampering() throws Exception {
        byte[] body = "{\"id\":\"a-1\",\"title\":\"Ales Bialiatski released from detention in Belarus\"}".getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSigner.signature(WebhookSigner.decodeSecret(SECRET), "a-1", now, body);
        Map<String, String> headers = Map.of("webhook-id", "a-1", "webhook-timestamp", String.valueOf(now),
                "webhook-signature", signature);

        assertThat(verified(SECRET, headers, body)).isTrue();
        assertThat(verified(SECRET, headers, "{\"id\":\"a-1\",\"title\":\"forged\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(verified(SECRET, Map.of("webhook-id", "a-1", "webhook-timestamp", String.valueOf(now - 3600),
                "webhook-signature", WebhookSigner.signature(WebhookSigner.decodeSecret(SECRET), "a-1", now - 3600, body)), body))
                .as("an old timestamp is a replay").isFalse();
    }
}
