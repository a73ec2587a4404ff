package org.releasewatch.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WebhookFailure;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook delivery of a running service on a real broker to real HTTP receivers on loopback. Alerts
 * are written to the alerts topic directly, as the rules would. Retries use short configured delays;
 * every wait is on a condition.
 */
class WebhookDeliveryTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final TopicsConfig topics = TestService.uniqueTopics();
    private final Path dataDir = TestService.tempDir();
    private Map<String, Object> properties;

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private Receiver receiver() {
        Receiver r = new Receiver(SECRET);
        cleanup.add(r);
        return r;
    }

    private static Map<String, Object> subscription(String url, Map<String, Object> filters) {
        Map<String, Object> s = new HashMap<>(filters);
        s.put("url", url);
        s.put("secret", SECRET);
        return s;
    }

    private ReleasewatchService start(List<Map<String, Object>> subscriptions, Map<String, Object> webhookSettings) {
        if (properties == null) {
            properties = new HashMap<>(TestService.properties(topics, dataDir));
            properties.put("releasewatch.webhooks.subscriptions", subscriptions);
            properties.put("releasewatch.webhooks.retry.initial-delay", "100ms");
            properties.put("releasewatch.webhooks.retry.max-delay", "1s");
            properties.put("releasewatch.webhooks.retry.max-attempts", 50);
            properties.put("releasewatch.webhooks.timeout", "5s");
            properties.putAll(webhookSettings);
        }
        ReleasewatchService service = TestService.start(properties);
        cleanup.add(service);
        return service;
    }

    private List<Alert> publish(int count, AlertRule rule, Severity severity, String country) {
        List<Alert> alerts = IntStream.range(0, count)
                .mapToObj(i -> SampleAlerts.alert(Topics.unique("alert"), rule, severity, country)).toList();
        Topics.send(BOOTSTRAP, topics.alerts(), alerts.stream().map(a -> SampleAlerts.record(topics.alerts(), a)).toList());
        return alerts;
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::id).toList();
    }

    @Test
    void everyMatchingAlertIsPostedAsItsExactJsonWithTheStandardWebhooksHeaders() {
        Receiver receiver = receiver();
        ReleasewatchService service = start(List.of(subscription(receiver.url(), Map.of())), Map.of());

        List<Alert> alerts = publish(5, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredIds().size() == 5);
        assertThat(receiver.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids(alerts));
        List<String> published = Topics.values(Topics.readCommitted(BOOTSTRAP, topics.alerts()));
        for (Receiver.Received r : receiver.received()) {
            assertThat(r.signatureValid()).as("signature verified by the standardwebhooks library").isTrue();
            assertThat(r.headers()).containsEntry("content-type", "application/json")
                    .doesNotContainKey("upgrade").doesNotContainKey("http2-settings");
            assertThat(r.headers().get("webhook-signature")).startsWith("v1,");
            assertThat(Long.parseLong(r.headers().get("webhook-timestamp")))
                    .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
            assertThat(published).as("the body is the alert's exact JSON from the topic").contains(r.body());
            assertThat(Json.read(r.body(), Alert.class).id()).isEqualTo(r.id());
        }
        MeterRegistry meters = service.context().getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("releasewatch.webhook.deliveries")
                .tags("subscription", subscriptionId(0), "outcome", "delivered").counter() != null
                && meters.find("releasewatch.webhook.deliveries").tags("outcome", "delivered").counter().count() == 5);
        assertThat(meters.find("releasewatch.webhook.latency").tag("subscription", subscriptionId(0)).timer().count()).isEqualTo(5);
        assertThat(meters.find("releasewatch.webhook.attempts").tags("outcome", "ok").counter().count()).isEqualTo(5);
    }

    @Test
    void anUnknownHostIsRetriedAndThenDeadLetteredWithTheReason() {
        start(List.of(subscription("http://no-such-receiver.invalid/hook", Map.of())),
                Map.of("releasewatch.webhooks.retry.max-attempts", 2));
        List<Alert> alerts = publish(1, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");

        await().atMost(Duration.ofSeconds(30)).until(() -> !Topics.readCommitted(BOOTSTRAP, topics.webhookDlq()).isEmpty());
        WebhookFailure failure = Json.read(Topics.readCommitted(BOOTSTRAP, topics.webhookDlq()).get(0).value(), WebhookFailure.class);
        assertThat(failure.alert().id()).isEqualTo(alerts.get(0).id());
        assertThat(failure.attempts()).isEqualTo(2);
        assertThat(failure.lastError()).isEqualTo("unknown host no-such-receiver.invalid");
    }

    @Test
    void subscriptionsGetOnlyTheRulesCountriesAndSeveritiesTheyAskFor() {
        Receiver byRule = receiver();
        Receiver byCountry = receiver();
        Receiver bySeverity = receiver();
        start(List.of(
                subscription(byRule.url(), Map.of("rules", List.of("WATCHLIST_RELEASE", "LINKED_RELIEF"))),
                subscription(byCountry.url(), Map.of("countries", List.of("by"))),
                subscription(bySeverity.url(), Map.of("min-severity", "warning"))), Map.of());

        List<Alert> watchlistBy = publish(2, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");
        List<Alert> sanctionsIr = publish(2, AlertRule.SANCTIONS_CHANGE, Severity.INFO, "IR");
        List<Alert> massVe = publish(2, AlertRule.MASS_RELEASE, Severity.WARNING, "VE");

        awaitAllRead(3);
        assertThat(byRule.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids(watchlistBy));
        assertThat(byCountry.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids(watchlistBy));
        List<String> warningOrAbove = new ArrayList<>(ids(watchlistBy));
        warningOrAbove.addAll(ids(massVe));
        assertThat(bySeverity.deliveredIds()).containsExactlyInAnyOrderElementsOf(warningOrAbove)
                .doesNotContainAnyElementsOf(ids(sanctionsIr));
    }

    @Test
    void aReceiverThatIsDownGetsEveryAlertOnceItIsBack() {
        Receiver receiver = receiver();
        receiver.down();
        ReleasewatchService service = start(List.of(subscription(receiver.url(), Map.of())), Map.of());

        List<Alert> alerts = publish(5, AlertRule.MASS_RELEASE, Severity.WARNING, "BY");
        await().atMost(Duration.ofSeconds(30)).until(() -> failedAttempts(service) >= 10);
        receiver.up();

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredIds().size() == 5);
        assertThat(receiver.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids(alerts));
        assertThat(Topics.readCommitted(BOOTSTRAP, topics.webhookDlq())).isEmpty();
    }

    @Test
    void aReceiverThatAlwaysFailsGetsExactlyItsMatchingAlertsDeadLetteredWithoutTheSecretOrTheUrlPath() {
        Receiver receiver = receiver();
        receiver.answer(r -> Receiver.Answer.status(500));
        String url = receiver.url().replace("http://", "http://user:pass@") + "?token=abc";
        ch.qos.logback.classic.Logger logs = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.releasewatch");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logs.addAppender(logged);
        cleanup.add(() -> logs.detachAppender(logged));
        ReleasewatchService service = start(List.of(subscription(url, Map.of("countries", List.of("BY")))),
                Map.of("releasewatch.webhooks.retry.max-attempts", 3));
        String shown = Redaction.url(url);
        assertThat(shown).startsWith("http://127.0.0.1:").endsWith("/…#" + Redaction.hash(url));

        List<Alert> matching = publish(2, AlertRule.SANCTIONS_CHANGE, Severity.WARNING, "BY");
        publish(1, AlertRule.SANCTIONS_CHANGE, Severity.WARNING, "IR");

        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.webhookDlq()).size() >= 2);
        awaitAllRead(1);
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(BOOTSTRAP, topics.webhookDlq());
        assertThat(dead).hasSize(2);
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            WebhookFailure failure = Json.read(json, WebhookFailure.class);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(failure.alert().id());
            assertThat(failure.attempts()).isEqualTo(3);
            assertThat(failure.lastError()).isEqualTo("HTTP 500");
            assertThat(failure.subscription().index()).isZero();
            assertThat(failure.subscription().url()).isEqualTo(shown);
            assertThat(json).doesNotContain(SECRET.substring(6)).doesNotContain("pass").doesNotContain("token=abc")
                    .doesNotContain("/hooks/releasewatch");
        }
        assertThat(dead).extracting(r -> Json.read(r.value(), WebhookFailure.class).alert().id())
                .containsExactlyInAnyOrderElementsOf(ids(matching));
        assertThat(receiver.received()).hasSize(6);

        String webhooks = org.releasewatch.testing.Http.get(service.httpPort(), "/api/webhooks").body();
        assertThat(webhooks).contains(shown).doesNotContain("/hooks/releasewatch").doesNotContain("token=abc").doesNotContain("pass");
        List<String> lines = logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).as("the start-up line and the dead-letter lines name the subscription")
                .anySatisfy(l -> assertThat(l).contains(shown).contains("Webhook delivery to 1 subscription"))
                .anySatisfy(l -> assertThat(l).contains(shown).contains("dead-lettered"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).containsAnyOf("/hooks/releasewatch", "token=abc", "user:pass"));
    }

    @Test
    void aSubscriptionToAPrivateAddressStopsTheStartNamingItUnlessPrivateNetworksAreAllowed() {
        Receiver receiver = receiver();
        Map<String, Object> strict = new HashMap<>(TestService.properties(topics, dataDir));
        strict.remove("releasewatch.webhooks.allow-private-networks");
        strict.put("releasewatch.webhooks.subscriptions", List.of(subscription(receiver.url(), Map.of())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestService.start(strict).close())
                .hasStackTraceContaining("releasewatch.webhooks.subscriptions[0].url: " + Redaction.url(receiver.url())
                        + " 127.0.0.1 is a loopback address; set releasewatch.webhooks.allow-private-networks: true to allow it");
        // a name is resolved at start-up, and refused by the address it resolves to (this machine's own name)
        String ownName = ownHostName();
        strict.put("releasewatch.webhooks.subscriptions", List.of(subscription(receiver.url().replace("127.0.0.1", ownName), Map.of())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestService.start(strict).close())
                .hasStackTraceContaining("releasewatch.webhooks.subscriptions[0].url: ")
                .hasStackTraceContaining(ownName + " resolves to ");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aSlowReceiverDoesNotHoldBackAHealthyOne() {
        Receiver slow = receiver();
        Receiver healthy = receiver();
        CountDownLatch slowAnswers = new CountDownLatch(1);
        slow.answer(r -> {
            try {
                slowAnswers.await(60, TimeUnit.SECONDS); // answers only when the test lets it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Receiver.Answer.ok();
        });
        start(List.of(subscription(slow.url(), Map.of()), subscription(healthy.url(), Map.of())),
                Map.of("releasewatch.webhooks.timeout", "60s"));

        long sent = System.nanoTime();
        List<Alert> alerts = publish(10, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");
        await().atMost(Duration.ofSeconds(30)).until(() -> healthy.deliveredIds().size() == 10);
        long healthyMillis = (System.nanoTime() - sent) / 1_000_000;

        assertThat(slow.received()).as("the slow receiver has been sent alerts but answered none").isNotEmpty();
        assertThat(slowAnswers.getCount()).isEqualTo(1);
        System.out.printf("healthy receiver got all 10 alerts %d ms after they were published, slow one still waiting%n",
                healthyMillis);
        slowAnswers.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.deliveredIds().size() == 10);
        assertThat(healthy.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids(alerts));
    }

    @Test
    void aRetryAfterAnswerIsHonoured() {
        Receiver receiver = receiver();
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(r -> calls.incrementAndGet() == 1 ? new Receiver.Answer(429, 0, "1") : Receiver.Answer.ok());
        // without Retry-After the jittered back-off would be anywhere up to 10 hours
        start(List.of(subscription(receiver.url(), Map.of())),
                Map.of("releasewatch.webhooks.retry.initial-delay", "10h", "releasewatch.webhooks.retry.max-delay", "10h"));

        List<Alert> alerts = publish(1, AlertRule.LINKED_RELIEF, Severity.CRITICAL, "BY");

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredIds().size() == 1 && calls.get() == 2);
        List<Receiver.Received> received = receiver.received();
        assertThat(received).hasSize(2);
        assertThat(Duration.between(received.get(0).at(), received.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(receiver.deliveredIds()).containsExactlyElementsOf(ids(alerts));
    }

    @Test
    void deliveriesPendingWhenTheServiceStopsAreDeliveredAfterARestart() {
        Receiver receiver = receiver();
        receiver.down();
        ReleasewatchService first = start(List.of(subscription(receiver.url(), Map.of())), Map.of());
        List<Alert> alerts = publish(3, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");
        await().atMost(Duration.ofSeconds(30)).until(() -> failedAttempts(first) >= 3);
        first.close();

        receiver.up();
        start(List.of(), Map.of());

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.deliveredIds().size() == 3);
        assertThat(receiver.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids(alerts));
    }

    @Test
    void anInvalidSubscriptionStopsTheStartWithOneMessageNamingIt() {
        Map<String, Object> bad = new HashMap<>(TestService.properties(topics, dataDir));
        bad.put("releasewatch.webhooks.subscriptions", List.of(
                subscription("https://hooks.example.org/ok", Map.of()),
                Map.of("url", "https://hooks.example.org/bad", "secret", "hunter2")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestService.start(bad))
                .hasStackTraceContaining("releasewatch.webhooks.subscriptions[1].secret: must start with \"whsec_\" followed by base64")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("hunter2"));
    }

    /** This machine's name, which resolves to one of its own (loopback or private) addresses. */
    private static String ownHostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            java.net.InetAddress[] addresses = java.net.InetAddress.getAllByName(name);
            org.junit.jupiter.api.Assumptions.assumeTrue(java.util.Arrays.stream(addresses)
                    .anyMatch(a -> new TargetPolicy(false, true, false).refuseAddress(a).isPresent()), "own name resolves to a refused address");
            return name;
        } catch (java.net.UnknownHostException e) {
            org.junit.jupiter.api.Assumptions.abort("this machine's name does not resolve");
            throw new IllegalStateException(e);
        }
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static double failedAttempts(ReleasewatchService service) {
        return service.context().getBean(MeterRegistry.class).find("releasewatch.webhook.attempts")
                .tag("outcome", "failed").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @SuppressWarnings("unchecked")
    private String subscriptionId(int index) {
        return SubscriptionIds.of(((List<Map<String, Object>>) properties.get("releasewatch.webhooks.subscriptions")).get(index));
    }

    /** Waits until each subscription's consumer group has committed the end of the alerts topic. */
    private void awaitAllRead(int subscriptions) {
        String app = String.valueOf(properties.get("releasewatch.application-id"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, topics.partitions())
                        .mapToObj(p -> new TopicPartition(topics.alerts(), p))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                for (int i = 0; i < subscriptions; i++) {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(app + "-webhook-" + subscriptionId(i)).partitionsToOffsetAndMetadata().get();
                    for (var end : ends.entrySet()) {
                        OffsetAndMetadata c = committed.get(end.getKey());
                        if (end.getValue().offset() > 0 && (c == null || c.offset() < end.getValue().offset())) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }
    }
}
