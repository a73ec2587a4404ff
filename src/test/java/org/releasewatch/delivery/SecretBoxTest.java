package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[]{
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aSealedSecretOpensOnlyWithTheSameKeyAndSubscriptionIdAndNeverShowsItself() {
        SecretBox box = new SecretBox(KEY);
        String sealed = box.encrypt(SECRET, "sub_1");
        assertThat(sealed).startsWith("v1:").doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
        assertThat(box.encrypt(SECRET, "sub_1")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.decrypt(sealed, "sub_1")).isEqualTo(SECRET);
        assertThatThrownBy(() -> box.decrypt(sealed, "sub_2")).as("bound to its subscription")
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(sealed);
        assertThatThrownBy(() -> new SecretBox(OTHER_KEY).decrypt(sealed, "sub_1"))
                .hasMessageContaining("releasewatch.secrets.key").hasMessageNotContaining(SECRET);
    }

    @Test
    void aKeyShorterThan32BytesIsAConfigurationErrorNamingTheProperty() {
        assertThatThrownBy(() -> new SecretBox("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("releasewatch.secrets.key").hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new SecretBox("not-a-key")).hasMessageContaining("releasewatch.secrets.key")
                .hasMessageNotContaining("not-a-key");
    }

    @Test
    void theGeneratedKeyFileIsReadableByItsOwnerOnlyAndKeptAcrossStarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("secrets.key");
        String first = SecretBox.keyFile(file);
        assertThat(first).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(first.substring(6))).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretBox.keyFile(file)).isEqualTo(first);
        String sealed = new SecretBox(first).encrypt(SECRET, "sub_1");
        assertThat(new SecretBox(SecretBox.keyFile(file)).decrypt(sealed, "sub_1")).isEqualTo(SECRET);
    }
}
