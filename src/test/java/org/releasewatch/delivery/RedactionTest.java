package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** How webhook URLs are shown: scheme, host, port and a short hash; never path, query or user info. */
@Fast
class RedactionTest {

    @Test
    void aChatWebhookUrlShowsItsHostAndAHashButNotThePathSecret() {
        String slack = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX";
        String shown = Redaction.url(slack);
        assertThat(shown).matches("https://hooks\\.slack\\.com/…#[0-9a-f]{6}").doesNotContain("T0000").doesNotContain("XXXX");
        assertThat(shown).isEqualTo(Redaction.url(URI.create(slack)));
    }

    @Test
    void differentUrlsOnOneHostAreToldApartAndTheSameUrlAlwaysLooksTheSame() {
        assertThat(Redaction.url("https://hooks.example.org/a")).isNotEqualTo(Redaction.url("https://hooks.example.org/b"))
                .isEqualTo(Redaction.url("https://hooks.example.org/a"));
    }

    @Test
    void userInfoQueryAndPortAreHandled() {
        String shown = Redaction.url("http://user:pass@127.0.0.1:8080/hook?token=abc");
        assertThat(shown).startsWith("http://127.0.0.1:8080/…#").doesNotContain("pass").doesNotContain("token").doesNotContain("hook");
        assertThat(Redaction.url("https://hooks.example.org")).startsWith("https://hooks.example.org#");
        assertThat(Redaction.url("https://hooks.example.org/")).startsWith("https://hooks.example.org#");
        assertThat(Redaction.url("https://api.telegram.org/bot123:SECRET/sendMessage")).doesNotContain("SECRET");
    }

    @Test
    void textThatIsNoUrlIsShownOnlyAsAHash() {
        assertThat(Redaction.url("ht tp://secret stuff")).matches("\\(url\\)#[0-9a-f]{6}");
    }

    @Test
    void errorTextsLoseTheUrlAndItsParts() {
        URI url = URI.create("https://hooks.slack.com/services/T0000/B0000/SECRETPART?x=y");
        String text = "POST " + url + " failed; path /services/T0000/B0000/SECRETPART; query x=y";
        assertThat(Redaction.text(text, url)).doesNotContain("SECRETPART").doesNotContain("x=y").contains(Redaction.url(url));
    }
}
