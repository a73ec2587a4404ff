package org.releasewatch.delivery.channels;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.model.Alert;
import org.releasewatch.model.MsgType;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Fast;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Update and cancel messages (contract v1.2) to real receivers on loopback: chat texts begin with "Update:" or
 * "Withdrawn:" and carry the change line and the thread's link; email is threaded under the first mail.
 */
@Fast
class ThreadMessagesTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static Alert first() {
        return Fixtures.bialiatski();
    }

    private static Alert update() {
        Alert first = first();
        return first.inThread(MsgType.UPDATE, MessageIds.of(first.id(), "corroborated"), first.id(), List.of(first.id()),
                "confirmed by a second source");
    }

    private static Alert cancel() {
        Alert first = first();
        Alert update = update();
        return first.inThread(MsgType.CANCEL, MessageIds.of(first.id(), "retracted:viasna-2025-12-13-1"), first.id(),
                List.of(first.id(), update.id()), "report withdrawn by its source");
    }

    @ParameterizedTest
    @EnumSource(value = ChannelFormat.class, names = {"SLACK", "DISCORD", "TEAMS", "TELEGRAM"})
    void chatServicesTakeUpdatesAndCancelsAsValidMessages(ChannelFormat format) {
        try (FakeChatService service = new FakeChatService(format)) {
            SteppedClock clock = new SteppedClock(java.time.Instant.parse("2025-12-13T16:00:00Z"));
            HttpChannelSender sender = new HttpChannelSender(Fixtures.http(), Fixtures.LINKS,
                    new Pacer(clock), clock);
            ChannelTarget target = Fixtures.target(format, service.url());
            for (Alert a : List.of(first(), update(), cancel())) {
                clock.advance(Duration.ofSeconds(5));
                assertThat(sender.send(List.of(a), target)).isEqualTo(new Delivery.Accepted(List.of(a.id())));
            }
            assertThat(service.requests()).hasSize(3).allSatisfy(r -> assertThat(r.problems()).isEmpty());
            String threadLink = "https://releasewatch.example.org/alerts/" + first().id();
            // Teams escapes Markdown in fact values ("releasewatch\\.example"): compare without the escapes
            assertThat(service.requests().get(1).body().replace("\\", "")).contains("Update: ", "confirmed by a second source", threadLink);
            assertThat(service.requests().get(2).body().replace("\\", "")).contains("Withdrawn: ", "report withdrawn by its source", threadLink);
            assertThat(service.requests().get(0).body()).doesNotContain("Update: ", "Withdrawn: ");
        }
    }

    @Test
    void slacksNotificationTextBeginsWithUpdateOrWithdrawn() {
        try (FakeChatService service = new FakeChatService(ChannelFormat.SLACK)) {
            SteppedClock clock = new SteppedClock(java.time.Instant.parse("2025-12-13T16:00:00Z"));
            HttpChannelSender sender = new HttpChannelSender(Fixtures.http(), Fixtures.LINKS,
                    new Pacer(clock), clock);
            ChannelTarget target = Fixtures.target(ChannelFormat.SLACK, service.url());
            for (Alert a : List.of(update(), cancel())) {
                clock.advance(Duration.ofSeconds(5));
                sender.send(List.of(a), target);
            }
            assertThat(service.requests()).extracting(r -> r.json().get("text").asText())
                    .satisfiesExactly(t -> assertThat(t).startsWith("Update: [CRITICAL] Ales Bialiatski released"),
                            t -> assertThat(t).startsWith("Withdrawn: [CRITICAL] Ales Bialiatski released"));
            assertThat(service.requests().get(0).json().get("blocks").get(0).get("text").get("text").asText())
                    .contains("Update: Ales Bialiatski released");
        }
    }

    @Test
    void anUpdateMailIsThreadedUnderTheFirstMailByDeterministicMessageIds() throws Exception {
        EmailSender sender = new EmailSender(new EmailSettings("127.0.0.1", SMTP.getSmtp().getPort(), null, null,
                "releasewatch <alerts@example.org>", false, Duration.ofSeconds(5)), Fixtures.LINKS, Clock.systemUTC());
        ChannelTarget one = new ChannelTarget(ChannelFormat.EMAIL, null, null, List.of("monitor@example.org"), Set.of(), Duration.ZERO);
        for (Alert a : List.of(first(), update(), cancel())) {
            sender.send(List.of(a), one);
        }
        assertThat(SMTP.waitForIncomingEmail(5000, 3)).isTrue();
        MimeMessage[] mails = SMTP.getReceivedMessages();
        String firstId = "<" + first().id() + "@releasewatch>";
        assertThat(mails[0].getMessageID()).isEqualTo(firstId);
        assertThat(mails[0].getHeader("In-Reply-To")).isNull();
        assertThat(mails[0].getHeader("References")).isNull();
        assertThat(mails[1].getMessageID()).isEqualTo("<" + update().id() + "@releasewatch>");
        assertThat(mails[2].getMessageID()).isEqualTo("<" + cancel().id() + "@releasewatch>");
        for (MimeMessage reply : List.of(mails[1], mails[2])) {
            assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(firstId);
            assertThat(reply.getHeader("References", null)).isEqualTo(firstId);
        }
        assertThat(mails[1].getSubject()).startsWith("Update: [CRITICAL] Ales Bialiatski released");
        assertThat(mails[2].getSubject()).startsWith("Withdrawn: [CRITICAL] Ales Bialiatski released");
        String text = (String) ((MimeMultipart) mails[1].getContent()).getBodyPart(0).getContent();
        assertThat(text).startsWith("Update: Ales Bialiatski released")
                .contains("Change: confirmed by a second source", "Open the alert: https://releasewatch.example.org/alerts/" + first().id());
    }
}
