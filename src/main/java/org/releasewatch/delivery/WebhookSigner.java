package org.releasewatch.delivery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Standard Webhooks signing: {@code v1,} + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where
 * the configured secret is {@code whsec_} + base64(key).
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";

    private WebhookSigner() {
    }

    public static String signature(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The key of a {@code whsec_…} secret; IllegalArgumentException (without the secret) if malformed. */
    public static byte[] decodeSecret(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("must start with \"" + SECRET_PREFIX + "\" followed by base64");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not \"" + SECRET_PREFIX + "\" followed by valid base64");
        }
        if (key.length < 16) {
            throw new IllegalArgumentException("key is " + key.length + " bytes; use at least 16 (24 recommended)");
        }
        return key;
    }
}
