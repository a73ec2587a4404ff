package org.releasewatch.api.access;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How an instance shows another that its answer comes from a holder of {@code releasewatch.api.peer-token}.
 * Any member of the Kafka group can advertise an address; the asking instance sends a fresh nonce with its
 * request, and the answer must carry HMAC-SHA256(SHA-256(peer token), nonce) — an address that does not hold
 * the token cannot make it, so its answer is not merged into API results.
 */
public final class PeerProof {

    /** Request header: the nonce the asking instance chose. */
    public static final String NONCE_HEADER = "releasewatch-peer-nonce";
    /** Response header: the proof for that nonce. */
    public static final String PROOF_HEADER = "releasewatch-peer-proof";

    private static final SecureRandom RANDOM = new SecureRandom();

    private PeerProof() {
    }

    public static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The proof for {@code nonce} with the peer token's digest as key. */
    static String proof(byte[] tokenDigest, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenDigest, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The proof a peer holding {@code peerToken} gives for {@code nonce}. */
    public static String proof(String peerToken, String nonce) {
        return proof(AccessPolicy.digest(peerToken), nonce);
    }

    /** Whether {@code presented} is the proof for {@code nonce} (constant-time comparison). */
    public static boolean verify(String peerToken, String nonce, String presented) {
        return presented != null && MessageDigest.isEqual(proof(peerToken, nonce).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                presented.trim().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
