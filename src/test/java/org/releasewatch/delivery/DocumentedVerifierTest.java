package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver-side verification example of docs/webhooks.md works on what the service signs, and the
 * page shows it verbatim (the code between the markers below, indented as on the page).
 */
@Fast
class DocumentedVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    // --- docs/webhooks.md "Verify a request in Java" ---
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
    // --- end of the documented example ---

    @Test
    void thePageShowsTheExampleVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/releasewatch/delivery/DocumentedVerifierTest.java"));
        String code = source.substring(source.indexOf('\n', source.indexOf("// --- docs/webhooks.md")) + 1,
                source.indexOf("    // --- end of the documented example"));
        String asOnThePage = code.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertThat(asOnThePage).contains("static boolean verified(").hasLineCount(10);
        assertThat(Files.readString(Path.of("docs/webhooks.md"))).contains("```java\n" + asOnThePage + "```");
    }

    @Test
    void theDocumentedExampleAcceptsWhatTheServiceSignsAndRejectsTampering() throws Exception {
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
