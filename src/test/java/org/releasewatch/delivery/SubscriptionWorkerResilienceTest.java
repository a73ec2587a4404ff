package org.releasewatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.ConfigContext;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription's worker on a real broker, delivering to a real receiver on loopback, survives any record: one it
 * cannot read goes to the webhook DLQ with the reason and the next is delivered; an alert of a rule it does not know
 * is delivered byte for byte; a reading loop killed by an exception is restarted and delivers what it had not.
 */
class SubscriptionWorkerResilienceTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private final String alerts = Topics.unique("worker-alerts");
    private final String webhookDlq = Topics.unique("worker-webhook-dlq");
    private final String group = Topics.unique("worker-group");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Receiver receiver;
    private KafkaProducer<String, byte[]> dlqProducer;
    private SubscriptionWorker worker;
    private Thread thread;

    @BeforeEach
    void start() {
        Topics.create(BOOTSTRAP, 1, alerts, webhookDlq);
        receiver = new Receiver(WebhookDeliveryTest.SECRET);
        dlqProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP),
                new StringSerializer(), new ByteArraySerializer());
        WebhookSettings settings;
        try (ApplicationContext context = ConfigContext.of(Map.of(
                "releasewatch.webhooks.subscriptions", List.of(Map.of("url", receiver.url(), "secret", WebhookDeliveryTest.SECRET)),
                "releasewatch.webhooks.retry.initial-delay", "100ms",
                "releasewatch.webhooks.timeout", "5s",
                // the receiver is plain HTTP on loopback, which the target policy refuses by default
                "releasewatch.webhooks.allow-private-networks", true,
                "releasewatch.webhooks.allow-http", true))) {
            settings = context.getBean(WebhookSettings.class);
        }
        Map<String, Object> consumer = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG, group));
        worker = new SubscriptionWorker(settings.subscriptions().get(0), settings, consumer, alerts, webhookDlq,
                dlqProducer, timer, new WebhookMetrics(new SimpleMeterRegistry()), null, SubscriptionContext.standalone());
    }

    @AfterEach
    void stop() throws Exception {
        worker.stop();
        if (thread != null) {
            thread.join(10_000);
        }
        worker.closeHttp();
        timer.shutdownNow();
        dlqProducer.close();
        receiver.close();
    }

    @Test
    void anUnreadableRecordGoesToTheWebhookDlqWithTheReasonAndTheNextAlertIsDelivered() {
        run();
        Alert next = SampleAlerts.alert(Topics.unique("next"), AlertRule.MASS_RELEASE, Severity.WARNING, "BY");
        Topics.send(BOOTSTRAP, alerts, List.of(
                Topics.record(alerts, "BY", "{\"not\": \"an alert, no id\""),
                Topics.record(alerts, "BY", "[1, 2]"),
                new ProducerRecord<>(alerts, "BY".getBytes(StandardCharsets.UTF_8), null),
                SampleAlerts.record(alerts, next)));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedIds().contains(next.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, webhookDlq).size() == 3);
        List<JsonNode> failures = Topics.readCommitted(BOOTSTRAP, webhookDlq).stream()
                .map(r -> Json.read(r.value(), JsonNode.class)).toList();
        assertThat(failures).extracting(f -> f.path("lastError").asText()).satisfiesExactly(
                e -> assertThat(e).contains("offset 0").contains("not JSON"),
                e -> assertThat(e).contains("offset 1").contains("not a JSON object"),
                e -> assertThat(e).contains("offset 2").contains("no value"));
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.path("alert").isNull()).isTrue();
            assertThat(f.path("attempts").asInt()).isZero();
            assertThat(f.path("source").path("topic").asText()).isEqualTo(alerts);
            assertThat(f.path("subscription").path("index").asInt()).isZero();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 4);
        assertThat(worker.status()).containsEntry("unreadable", 3L).containsEntry("state", "running");
    }

    @Test
    void anAlertOfARuleAndSeverityThisVersionDoesNotKnowIsDeliveredByteForByte() {
        run();
        String future = "{\"schema\":\"releasewatch.alert/v1\",\"id\":\"future-1\",\"rule\":\"BORDER_CROSSING\","
                + "\"severity\":\"emergency\",\"country\":\"BY\",\"title\":\"From a newer version\","
                + "\"occurredAt\":\"2025-12-13T10:00:00Z\",\"emittedAt\":\"2025-12-13T10:00:01Z\","
                + "\"evidence\":{\"eventIds\":[],\"sources\":[]},\"details\":{\"new\":[1,2,3]},  \"spacing\" : \"kept\" }";
        Topics.send(BOOTSTRAP, alerts, List.of(Topics.record(alerts, "BY", future)));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedIds().contains("future-1"));
        Receiver.Received got = receiver.received().stream().filter(r -> r.id().equals("future-1")).findFirst().orElseThrow();
        assertThat(got.body()).isEqualTo(future);
        assertThat(got.signatureValid()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 1);
    }

    @Test
    void aReadingLoopKilledByAnExceptionIsRestartedAndDeliversWhatItHadNot() {
        AtomicBoolean killed = new AtomicBoolean();
        worker.beforeRecord(r -> {
            if (killed.compareAndSet(false, true)) {
                throw new IllegalStateException("killed on purpose at offset " + r.offset());
            }
        });
        run();
        Alert alert = SampleAlerts.alert(Topics.unique("survivor"), AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");
        Topics.send(BOOTSTRAP, alerts, List.of(SampleAlerts.record(alerts, alert)));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedIds().contains(alert.id()));
        assertThat(killed).isTrue();
        Map<String, Object> status = worker.status();
        assertThat(status).containsEntry("restarts", 1L).containsEntry("state", "running");
        assertThat((String) status.get("lastError")).contains("killed on purpose at offset 0");
        assertThat(thread.isAlive()).isTrue();
    }

    private void run() {
        thread = new Thread(worker, "webhook-test");
        thread.start();
    }

    private long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(alerts, 0));
            return o == null ? -1 : o.offset();
        }
    }
}
