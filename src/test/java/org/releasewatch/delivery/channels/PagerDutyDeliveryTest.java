package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.delivery.SubscriptionIds;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running service on the real broker, with alerts that evolve written to its alerts topic: a {@code pagerduty}
 * subscription sends each thread as one PagerDuty alert (trigger, trigger again on its update, resolve on its
 * cancel, in emission order, a 429 retried), a {@code messages: first} subscription gets only the first message of
 * each thread while another gets them all, and the routing key is in clear nowhere: not in the API's answers, not
 * on the subscriptions topic.
 */
class PagerDutyDeliveryTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final String TOKEN = "pager-operator-token";

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

    @Test
    @SuppressWarnings("unchecked")
    void eachThreadIsOnePagerDutyAlertFirstOnlySubscriptionsGetFirstMessagesAndTheRoutingKeyIsNeverShown() {
        FakePagerDuty pagerDuty = closing(new FakePagerDuty(PagerDutyTest.KEY));
        pagerDuty.answerNext(429); // PagerDuty's throttle on the first event: retried with back-off
        Receiver firstOnly = closing(new Receiver(SECRET));
        Receiver every = closing(new Receiver(SECRET));
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        List<Map<String, Object>> subscriptions = List.of(
                Map.of("format", "pagerduty", "url", pagerDuty.url(), "routing-key", PagerDutyTest.KEY),
                Map.of("url", firstOnly.url(), "secret", SECRET, "messages", "first"),
                Map.of("url", every.url(), "secret", SECRET));
        p.put("releasewatch.webhooks.subscriptions", subscriptions);
        p.put("releasewatch.webhooks.retry.initial-delay", "100ms");
        p.put("releasewatch.webhooks.retry.max-delay", "1s");
        p.put("releasewatch.public-url", "https://releasewatch.example.org");
        p.put("releasewatch.api.operators", List.of(Map.of("name", "olga", "token", TOKEN)));
        ReleasewatchService service = closing(TestService.start(p));

        Alert a = Fixtures.bialiatski();
        Alert aUpdate = a.inThread(MsgType.UPDATE, MessageIds.of(a.id(), "corroborated"), a.id(), List.of(a.id()),
                "confirmed by a second source");
        Alert aCancel = a.inThread(MsgType.CANCEL, MessageIds.of(a.id(), "retracted:viasna-1"), a.id(),
                List.of(a.id(), aUpdate.id()), "report withdrawn by its source");
        Alert b = Fixtures.onePerRule().get(AlertRule.MASS_RELEASE);
        List<Alert> written = List.of(a, b, aUpdate, aCancel);
        Topics.send(BOOTSTRAP, topics.alerts(), written.stream()
                .map(x -> Topics.record(topics.alerts(), x.country(), new String(Json.bytes(x), StandardCharsets.UTF_8)))
                .toList());

        String app = (String) p.get("releasewatch.application-id");
        await().atMost(Duration.ofSeconds(60)).until(() -> subscriptions.stream().allMatch(s ->
                Topics.caughtUp(BOOTSTRAP, app + "-webhook-" + SubscriptionIds.of(s), topics.alerts())));

        assertThat(pagerDuty.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.body()).isEmpty());
        assertThat(pagerDuty.requests().get(0).status()).isEqualTo(429);
        assertThat(pagerDuty.requests().get(1).body()).as("the throttled event is sent again")
                .isEqualTo(pagerDuty.requests().get(0).body());
        assertThat(pagerDuty.accepted()).extracting(r -> r.json().path("event_action").asText() + " "
                + r.json().path("dedup_key").asText())
                .containsExactly("trigger " + a.id(), "trigger " + b.id(), "trigger " + a.id(), "resolve " + a.id());
        String title = "Ales Bialiatski released from detention in Belarus, transferred to Lithuania";
        assertThat(pagerDuty.incidents()).containsExactly(
                new FakePagerDuty.Incident(a.id(), List.of(title, "Update: " + title + " — confirmed by a second source"), true),
                new FakePagerDuty.Incident(b.id(), List.of(b.title()), false));

        assertThat(firstOnly.deliveredIds()).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(every.deliveredIds()).containsExactlyInAnyOrder(a.id(), b.id(), aUpdate.id(), aCancel.id());
        assertThat(Http.metric(service.httpPort(), "releasewatch_webhook_skipped_total",
                l -> l.contains("subscription=\"" + SubscriptionIds.of(subscriptions.get(1)) + "\""))).isEqualTo(2.0);
        assertThat(Topics.readCommitted(BOOTSTRAP, topics.webhookDlq())).isEmpty();

        String answer = Http.get(service.httpPort(), "/api/subscriptions", "Authorization", "Bearer " + TOKEN).body();
        assertThat(answer).doesNotContain(PagerDutyTest.KEY);
        JsonNode listed = Json.read(answer, JsonNode.class);
        JsonNode pd = null;
        for (JsonNode s : listed.path("subscriptions")) {
            if ("pagerduty".equals(s.path("format").asText())) {
                pd = s;
            }
        }
        assertThat(pd).as(answer).isNotNull();
        assertThat(pd.path("routingKey").asText()).isEqualTo("redacted");
        assertThat(pd.path("messages").asText()).isEqualTo("all");
        assertThat(Topics.values(Topics.readCommitted(BOOTSTRAP, topics.alerts() + ".subscriptions")))
                .isNotEmpty().noneMatch(v -> v.contains(PagerDutyTest.KEY));
    }
}
