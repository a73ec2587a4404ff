package org.releasewatch.delivery.channels;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.WebhookFailure;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Configured chat and email subscriptions of a running service on the real broker: the story's alerts (one of each
 * rule, as the rules emit them) written to the alerts topic reach a Slack-compatible and a Telegram service (real
 * HTTP servers on loopback that check each request against the service's contract), a real SMTP server, and — next
 * to them, unchanged — a standard receiver that verifies the signature.
 */
class ChannelDeliveryTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final TopicsConfig topics = TestService.uniqueTopics();

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        cleanup.add(c);
        return c;
    }

    private Map<String, Object> properties(List<Map<String, Object>> subscriptions) {
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        p.put("releasewatch.webhooks.subscriptions", subscriptions);
        p.put("releasewatch.webhooks.retry.initial-delay", "100ms");
        p.put("releasewatch.webhooks.retry.max-delay", "2s");
        p.put("releasewatch.webhooks.timeout", "5s");
        p.put("releasewatch.public-url", "https://releasewatch.example.org");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachChannelGetsAValidMessagePerAlertABatchGetsOneMessageAndA429HintIsHonouredWithoutLosingOrRepeatingAny()
            throws Exception {
        FakeChatService slack = closing(new FakeChatService(ChannelFormat.SLACK));
        FakeChatService batched = closing(new FakeChatService(ChannelFormat.SLACK));
        FakeChatService telegram = closing(new FakeChatService(ChannelFormat.TELEGRAM));
        Receiver standard = closing(new Receiver(SECRET));
        slack.rateLimitNext(); // the first message gets 429 with Slack's Retry-After: 1
        Map<String, Object> p = properties(List.of(
                Map.of("format", "slack", "url", slack.url()),
                Map.of("format", "telegram", "url", telegram.url(), "chat-id", "-1001234567890"),
                Map.of("format", "email", "to", List.of("monitor@example.org")),
                Map.of("url", standard.url(), "secret", SECRET),
                Map.of("format", "slack", "url", batched.url(), "batch-window", "3s")));
        p.put("releasewatch.email.smtp.host", "127.0.0.1");
        p.put("releasewatch.email.smtp.port", SMTP.getSmtp().getPort());
        p.put("releasewatch.email.smtp.from", "releasewatch <alerts@example.org>");
        p.put("releasewatch.email.smtp.starttls", false); // GreenMail offers no STARTTLS; a relay on loopback
        closing(TestService.start(p));

        List<Alert> alerts = new ArrayList<>(Fixtures.onePerRule().values());
        List<String> ids = alerts.stream().map(Alert::id).toList();
        Topics.send(BOOTSTRAP, topics.alerts(), alerts.stream()
                .map(a -> Topics.record(topics.alerts(), a.country(), new String(Json.bytes(a), StandardCharsets.UTF_8)))
                .toList());

        String app = (String) p.get("releasewatch.application-id");
        await().atMost(Duration.ofSeconds(40)).until(() ->
                ((List<Map<String, Object>>) p.get("releasewatch.webhooks.subscriptions")).stream().allMatch(s ->
                        Topics.caughtUp(BOOTSTRAP, app + "-webhook-" + org.releasewatch.delivery.SubscriptionIds.of(s), topics.alerts())));
        // every offset is committed: nothing more is on its way, so the counts below are final

        assertThat(slack.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.body()).isEmpty());
        assertThat(slack.accepted()).hasSize(4);
        assertThat(slack.accepted().stream().flatMap(r -> r.alertIds().stream()).toList())
                .as("one message per alert, each alert once").containsExactlyInAnyOrderElementsOf(ids);
        List<FakeChatService.Request> all = slack.requests();
        assertThat(all.get(0).status()).isEqualTo(429);
        assertThat(Duration.ofNanos(all.get(1).atNanos() - all.get(0).atNanos()))
                .as("the next request waited for the Retry-After hint").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(all.get(1).alertIds()).isEqualTo(all.get(0).alertIds());

        assertThat(telegram.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.body()).isEmpty());
        assertThat(telegram.accepted()).hasSize(4);
        assertThat(telegram.accepted().stream().flatMap(r -> r.alertIds().stream()).toList()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(telegram.accepted()).allSatisfy(r -> assertThat(r.json().path("chat_id").asText()).isEqualTo("-1001234567890"));

        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(Arrays.stream(mails).map(ChannelDeliveryTest::messageId).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "<" + id + "@releasewatch>").toList());
        for (MimeMessage mail : mails) {
            assertThat(mail.getContentType()).startsWith("multipart/alternative");
            assertThat(((MimeMultipart) mail.getContent()).getCount()).isEqualTo(2);
        }

        assertThat(standard.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(standard.received()).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());

        assertThat(batched.requests()).hasSize(1);
        FakeChatService.Request batch = batched.requests().get(0);
        assertThat(batch.problems()).isEmpty();
        assertThat(batch.alertIds()).as("one message listing every alert of the window").containsExactlyInAnyOrderElementsOf(ids);

        assertThat(Topics.readCommitted(BOOTSTRAP, topics.webhookDlq())).isEmpty();
    }

    @Test
    void aChatServiceThatIsGoneDisablesItsSubscriptionAndEachAlertIsDeadLetteredOnceWithTheUrlRedacted() {
        Receiver gone = closing(new Receiver(SECRET)); // any HTTP server: it answers 410 Gone, the webhook was deleted
        gone.answer(r -> Receiver.Answer.status(410));
        Map<String, Object> p = properties(List.of(Map.of("format", "discord", "url", gone.url() + "/secret-token")));
        closing(TestService.start(p));

        List<Alert> alerts = new ArrayList<>(Fixtures.onePerRule().values()).subList(0, 2);
        Topics.send(BOOTSTRAP, topics.alerts(), alerts.stream()
                .map(a -> Topics.record(topics.alerts(), a.country(), new String(Json.bytes(a), StandardCharsets.UTF_8)))
                .toList());

        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.webhookDlq()).size() >= 2);
        List<WebhookFailure> failures = Topics.readCommitted(BOOTSTRAP, topics.webhookDlq()).stream()
                .map(r -> Json.read(r.value(), WebhookFailure.class)).toList();
        assertThat(failures).extracting(f -> f.alert().id())
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::id).toList());
        String port = gone.url().replaceAll(".*:(\\d+)/.*", "$1");
        assertThat(failures).allSatisfy(f -> assertThat(f.subscription().url()).isEqualTo("http://127.0.0.1:" + port + "/…"));
        // 410 disables the subscription at once: the first alert carries the answer, the other is not sent at all
        assertThat(failures).filteredOn(f -> f.lastError().equals("HTTP 410")).singleElement()
                .satisfies(f -> assertThat(f.attempts()).isEqualTo(1));
        assertThat(failures).filteredOn(f -> !f.lastError().equals("HTTP 410")).singleElement()
                .satisfies(f -> assertThat(f.lastError()).startsWith("subscription disabled: the discord target is gone"));
        assertThat(gone.received()).hasSize(1);
    }

    @Test
    void anEmailSubscriptionWithoutAnSmtpRelayStopsTheStartNamingTheSettings() {
        Map<String, Object> p = properties(List.of(Map.of("format", "email", "to", List.of("monitor@example.org"))));
        assertThatThrownBy(() -> TestService.start(p).close())
                .hasStackTraceContaining("releasewatch.webhooks.subscriptions[0].format: email needs an SMTP relay: "
                        + "releasewatch.email.smtp.host and releasewatch.email.smtp.from must be set for email subscriptions");
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
