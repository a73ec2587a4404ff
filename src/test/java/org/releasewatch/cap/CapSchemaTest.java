package org.releasewatch.cap;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tests' CAP 1.2 schema accepts no document the OASIS schema rejects: after the {@code info} blocks the OASIS
 * schema allows only elements of XML Signature ({@code http://www.w3.org/2000/09/xmldsig#}), not any foreign element.
 */
@Fast
class CapSchemaTest {

    private static byte[] alertEndingWith(String tail) {
        return ("""
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>c7adbb05-3f69-58ef-8dd3-21fba6df4189</identifier>
                  <sender>releasewatch@releasewatch.example.org</sender>
                  <sent>2025-12-13T08:00:40+00:00</sent>
                  <status>Actual</status>
                  <msgType>Alert</msgType>
                  <scope>Public</scope>
                  <info>
                    <category>Other</category>
                    <event>Watched person released</event>
                    <urgency>Immediate</urgency>
                    <severity>Severe</severity>
                    <certainty>Likely</certainty>
                  </info>
                  %s
                </alert>
                """.formatted(tail)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEnvelopedSignatureMayFollowTheInfoBlocks() {
        CapSchema.valid(alertEndingWith("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>"));
        assertThat(CapSchema.text(CapSchema.valid(alertEndingWith("")), "msgType")).isEqualTo("Alert");
    }

    @Test
    void aForeignElementAfterTheInfoBlocksIsNotCap() {
        assertThatThrownBy(() -> CapSchema.valid(alertEndingWith("<x:extra xmlns:x=\"urn:example:other\">1</x:extra>")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not valid CAP 1.2");
    }
}
