package org.releasewatch.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.ConfigContext;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.ScriptedReceiver;
import org.releasewatch.testing.SelfSignedTls;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of 123 alerts (the 13 December releases) to one HTTPS receiver on loopback, through a subscription's
 * worker on a real broker: the receiver accepts a handful of connections (at most one per request in flight),
 * not one per alert.
 */
class ConnectionReuseTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private final String alerts = Topics.unique("reuse-alerts");
    private final String webhookDlq = Topics.unique("reuse-webhook-dlq");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private ScriptedReceiver receiver;
    private KafkaProducer<String, byte[]> dlqProducer;
    private SubscriptionWorker worker;
    private Thread thread;

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.stop();
            thread.join(10_000);
            worker.closeHttp();
        }
        timer.shutdownNow();
        if (dlqProducer != null) {
            dlqProducer.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aBurstOf123AlertsToOneHttpsReceiverOpensAHandfulOfConnections() throws Exception {
        Topics.create(BOOTSTRAP, 3, alerts, webhookDlq);
        SelfSignedTls tls = SelfSignedTls.forHost("hooks.test");
        receiver = new ScriptedReceiver(tls.server(), (head, out) -> {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("webhook-id:")) {
                    received.add(line.substring(11).trim());
                }
            }
            ScriptedReceiver.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            return true;
        });
        WebhookSettings settings;
        try (ApplicationContext context = ConfigContext.of(Map.of(
                "releasewatch.webhooks.subscriptions", List.of(Map.of("url", "https://hooks.test:" + receiver.port() + "/rw",
                        "secret", WebhookDeliveryTest.SECRET)),
                "releasewatch.webhooks.timeout", "10s",
                "releasewatch.webhooks.allow-private-networks", true))) {
            settings = context.getBean(WebhookSettings.class);
        }
        dlqProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP),
                new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumer = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG, Topics.unique("reuse-group")));
        TargetHttp http = new TargetHttp(settings.targets(), settings.timeout(), SubscriptionWorker.HTTP_THREADS,
                host -> new InetAddress[]{InetAddress.getLoopbackAddress()}, tls.client());
        worker = new SubscriptionWorker(settings.subscriptions().get(0), settings, consumer, alerts, webhookDlq,
                dlqProducer, timer, new WebhookMetrics(new SimpleMeterRegistry()), null,
                SubscriptionContext.standalone(), http);
        thread = new Thread(worker, "webhook-reuse-test");
        thread.start();

        List<String> ids = IntStream.range(0, 123).mapToObj(i -> Topics.unique("release")).toList();
        Topics.send(BOOTSTRAP, alerts, ids.stream().map(id -> SampleAlerts.record(alerts,
                SampleAlerts.alert(id, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY"))).toList());

        await().atMost(Duration.ofSeconds(60)).until(() -> received.containsAll(ids));
        System.out.println("connections accepted for a burst of 123 alerts: " + receiver.connections()
                + " (requests: " + receiver.requests() + ")");
        assertThat(receiver.connections()).as("connections accepted for 123 alerts")
                .isBetween(1, SubscriptionWorker.HTTP_THREADS);
        assertThat(worker.status()).containsEntry("delivered", 123L);
    }
}
