package org.releasewatch.rules;

import org.releasewatch.model.AlertRule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Alert ids derived only from the rule and its dedup key: a name-based UUID (version 5, SHA-1, RFC 9562)
 * of {@code RULE:part1:part2…} in a fixed namespace. Same inputs, same id, on any replay and instance.
 */
public final class AlertIds {

    /** The releasewatch namespace (a fixed random UUID); changing it changes every id. */
    static final UUID NAMESPACE = UUID.fromString("6c1f1a8e-3b0d-4f6e-9d0a-5b7c2e4d8f10");

    private AlertIds() {
    }

    public static String of(AlertRule rule, String... dedupKeyParts) {
        return uuid5(rule.name() + ":" + String.join(":", dedupKeyParts)).toString();
    }

    static UUID uuid5(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
