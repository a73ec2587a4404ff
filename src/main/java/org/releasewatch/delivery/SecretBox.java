package org.releasewatch.delivery;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.releasewatch.config.ServiceConfig;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Encrypts subscription secrets for the subscriptions topic (AES-256-GCM, a random 96-bit nonce per value, the
 * subscription id as associated data so a value cannot be moved to another subscription). The key is
 * {@code releasewatch.secrets.key} ({@code whsec_} + base64 of at least 32 bytes); without it, a key generated once
 * into {@code <data-dir>/secrets.key} with mode 600. Every instance reading the same topic needs the same key.
 * Nothing here ever puts a secret or the key into an exception message.
 */
@Singleton
public final class SecretBox {

    static final String KEY_PROPERTY = "releasewatch.secrets.key";
    static final String KEY_FILE = "secrets.key";
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @jakarta.inject.Inject
    public SecretBox(@Nullable @Value("${" + KEY_PROPERTY + ":}") String configured, ServiceConfig service) {
        this(configured == null || configured.isBlank() ? keyFile(service.dataDir().resolve(KEY_FILE)) : configured);
    }

    SecretBox(String secret) {
        byte[] raw = decodeKey(secret);
        try {
            // the configured key may be longer than AES's 32 bytes: its digest is the cipher key
            this.key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(raw), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A fresh random secret in the form {@code whsec_} + base64(32 bytes). */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    String encrypt(String plain, String subscriptionId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The plain secret; an IllegalArgumentException (without the value) if it was not sealed with this key. */
    String decrypt(String sealed, String subscriptionId) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an encrypted secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret cannot be decrypted with this instance's "
                    + KEY_PROPERTY + " (every instance needs the same key)");
        }
    }

    /**
     * An authentication tag over {@code data}: AES-GCM of nothing, with a random nonce, the data as associated data
     * behind a purpose prefix (so a tag is never confused with a sealed secret, whose associated data is an id).
     */
    String tag(String purpose, byte[] data) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD((purpose + "\0").getBytes(StandardCharsets.UTF_8));
            cipher.updateAAD(data);
            byte[] tag = cipher.doFinal();
            byte[] out = new byte[nonce.length + tag.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(tag, 0, out, nonce.length, tag.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM authentication failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether {@code tag} was made by {@link #tag} with this key over exactly this purpose and data. */
    boolean verify(String tag, String purpose, byte[] data) {
        try {
            byte[] in = Base64.getDecoder().decode(tag);
            if (in.length != NONCE_BYTES + 16) {
                return false;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            cipher.updateAAD((purpose + "\0").getBytes(StandardCharsets.UTF_8));
            cipher.updateAAD(data);
            cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decodeKey(String secret) {
        if (secret == null || !secret.startsWith(WebhookSigner.SECRET_PREFIX)) {
            throw new WebhookSettings.InvalidWebhookConfig(KEY_PROPERTY + ": must be \"whsec_\" followed by base64");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(secret.substring(WebhookSigner.SECRET_PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            throw new WebhookSettings.InvalidWebhookConfig(KEY_PROPERTY + ": is not \"whsec_\" followed by valid base64");
        }
        if (raw.length < 32) {
            throw new WebhookSettings.InvalidWebhookConfig(KEY_PROPERTY + ": the key is " + raw.length
                    + " bytes; at least 32 are needed");
        }
        return raw;
    }

    /**
     * Reads the key file, creating it if absent: the key is written to an owner-only temporary file in the same
     * directory, which is then linked to its name in one step that fails if the name exists. So the file is never
     * readable by others, and another instance on the same data directory never reads it empty or half-written:
     * it sees no file or the whole key, and the first to link wins for all.
     */
    static String keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
                Path temp = posix
                        ? Files.createTempFile(dir, KEY_FILE + ".", ".tmp",
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.createTempFile(dir, KEY_FILE + ".", ".tmp");
                try {
                    Files.writeString(temp, newSecret() + "\n");
                    try {
                        Files.createLink(file, temp);
                    } catch (UnsupportedOperationException noLinks) {
                        if (!Files.exists(file)) {
                            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        }
                    }
                } catch (FileAlreadyExistsException raced) {
                    // another instance on the same data dir made it first: use theirs
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<java.nio.file.attribute.PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                if (!mode.equals(PosixFilePermissions.fromString("rw-------"))) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key file " + file, e);
        }
    }
}
