package org.releasewatch.delivery.channels;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Fast;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The email channel against a real SMTP server (GreenMail) on loopback: what arrives, in its MIME structure. */
@Fast
class EmailSenderTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static EmailSettings settings(int port, boolean starttls) {
        return new EmailSettings("127.0.0.1", port, null, null, "releasewatch <alerts@example.org>", starttls, Duration.ofSeconds(5));
    }

    private static EmailSender sender() {
        // GreenMail speaks plain SMTP only (no STARTTLS): allowed here because the relay is on loopback
        return new EmailSender(settings(SMTP.getSmtp().getPort(), false), Fixtures.LINKS, Clock.systemUTC());
    }

    private static ChannelTarget target() {
        return Fixtures.target(ChannelFormat.EMAIL, null);
    }

    @Test
    void anAlertArrivesAsMultipartAlternativeWithSubjectPrefixAndItsOwnMessageId() throws Exception {
        Alert alert = Fixtures.bialiatski();
        assertThat(sender().send(List.of(alert), target())).isEqualTo(new Delivery.Accepted(List.of(alert.id())));

        assertThat(SMTP.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[CRITICAL] Ales Bialiatski released from detention in Belarus, transferred to Lithuania");
        assertThat(mail.getMessageID()).isEqualTo("<" + alert.id() + "@releasewatch>");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("releasewatch <alerts@example.org>");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("monitor@example.org", "desk@example.org");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart plain = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(plain.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat((String) plain.getContent()).contains("Ales Bialiatski released from detention in Belarus",
                "Transferred to: Lithuania (LT)", "Watchlist note: Nobel Peace Prize 2022; Viasna founder",
                "https://releasewatch.example.org/alerts/" + alert.id());
        assertThat((String) html.getContent()).contains("<h2>Ales Bialiatski released from detention in Belarus, transferred to Lithuania</h2>",
                "href=\"https://releasewatch.example.org/alerts/" + alert.id() + "\"");
    }

    @Test
    void aResendOfTheSameAlertCarriesTheSameMessageId() throws Exception {
        Alert alert = Fixtures.bialiatski();
        ChannelTarget one = new ChannelTarget(ChannelFormat.EMAIL, null, null, List.of("monitor@example.org"), Set.of(), Duration.ZERO);
        sender().send(List.of(alert), one);
        sender().send(List.of(alert), one);
        assertThat(SMTP.waitForIncomingEmail(5000, 2)).isTrue();
        assertThat(SMTP.getReceivedMessages()).extracting(MimeMessage::getMessageID).containsExactly(
                "<" + alert.id() + "@releasewatch>", "<" + alert.id() + "@releasewatch>");
    }

    @Test
    void aHostileNameIsEscapedInTheHtmlPartAndPlainInTheTextPart() throws Exception {
        Alert alert = Fixtures.hostile();
        sender().send(List.of(alert), target());
        assertThat(SMTP.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; *_~ @everyone", "&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<script", "<img", "<i>note");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Person: " + Fixtures.HOSTILE);
        assertThat(mail.getSubject()).isEqualTo("[CRITICAL] " + alert.title());
    }

    @Test
    void aBurstOf123AlertsIsOneMailListingEveryAlert() throws Exception {
        List<Alert> burst = Fixtures.burst(123);
        Delivery delivery = sender().send(burst, target());
        assertThat(delivery).isInstanceOfSatisfying(Delivery.Accepted.class, a ->
                assertThat(a.alertIds()).containsExactlyInAnyOrderElementsOf(burst.stream().map(Alert::id).toList()));
        assertThat(SMTP.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getSubject()).startsWith("[CRITICAL] 123 releasewatch alerts: ");
        assertThat(mail.getMessageID()).matches("<batch-[0-9a-f]{24}@releasewatch>");
        String text = (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
        for (Alert a : burst) {
            assertThat(text).contains("/alerts/" + a.id()).doesNotContain("/api/alerts/" + a.id());
        }
    }

    @Test
    void withStarttlsRequiredARelayThatDoesNotOfferItGetsNothing() {
        EmailSender strict = new EmailSender(settings(SMTP.getSmtp().getPort(), true), Fixtures.LINKS, Clock.systemUTC());
        Delivery delivery = strict.send(List.of(Fixtures.bialiatski()), target());
        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, f ->
                assertThat(f.reason()).contains("does not offer STARTTLS", "nothing was sent"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRelayThatIsDownIsRetriedAndAMissingRelayIsNamed() {
        EmailSender down = new EmailSender(settings(EmbeddedKafkaBroker.freePort(), false), Fixtures.LINKS, Clock.systemUTC());
        assertThat(down.send(List.of(Fixtures.bialiatski()), target())).isInstanceOf(Delivery.RetryLater.class);

        EmailSender unset = new EmailSender(new EmailSettings(null, 587, null, null, null, true, Duration.ofSeconds(5)),
                Fixtures.LINKS, Clock.systemUTC());
        assertThat(unset.send(List.of(Fixtures.bialiatski()), target())).isEqualTo(new Delivery.Failed(
                "releasewatch.email.smtp.host and releasewatch.email.smtp.from must be set for email subscriptions", false));
    }
}
