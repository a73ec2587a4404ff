package org.releasewatch.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.BrokerProcess;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.ExpectedAlerts;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.ServiceProcess;
import org.releasewatch.testing.ServiceYaml;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.ThreeBrokerCluster;
import org.releasewatch.testing.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service on a real three-node KRaft cluster (three {@code broker} processes of the packaged jar): it takes
 * replication factor 3 and {@code min.insync.replicas} 2 from the cluster's size; mid-burst the broker leading the
 * alerts topic is killed with SIGKILL, later a second one, so only one lives: {@code /health} then says why alerting
 * is paused. Both come back, alerting resumes by itself, and a {@code read_committed} reader sees exactly the alerts
 * the inputs call for, each once.
 */
class BrokerFailoverIT {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final ThreeBrokerCluster cluster = ThreeBrokerCluster.get();
    private final String bootstrap = cluster.bootstrapServers();
    private final TopicsConfig topics = TestService.uniqueTopics();
    private final String applicationId = Topics.unique("failover-app");
    private final Receiver receiver = new Receiver(SECRET);
    private final Path dir = TestService.tempDir();
    private final int httpPort = EmbeddedKafkaBroker.freePort();
    private ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        receiver.close();
        cluster.brokers().stream().filter(b -> !b.isAlive()).forEach(BrokerProcess::start);
        cluster.awaitBrokers(3, Duration.ofMinutes(3));
    }

    @Test
    void killingTheAlertsLeaderAndThenASecondBrokerPausesAlertingVisiblyAndLosesOrDuplicatesNone() throws Exception {
        Path config = ServiceYaml.write(bootstrap, dir.resolve("application-failover.yml"), topics, applicationId,
                "failover-instance", dir.resolve("data"), ServiceYaml.Webhooks.fast(SECRET, receiver.url()), "");
        service = new ServiceProcess(config, dir.resolve("service.log"), httpPort).start();
        service.awaitHealthy(Duration.ofSeconds(240));
        String health = Http.get(httpPort, "/health").body();
        assertThat(health).contains("\"replicationFactor\":3").contains("\"minInsyncReplicas\":2");
        assertThat(service.log()).contains("replication factor 3, min.insync.replicas 2 (from the cluster size; 3 broker(s) at start)");

        Burst burst = Burst.december13(600);
        int third = burst.releases().size() / 3;
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000))) {
            burst.sendWatchlist(producer, topics);
            burst.sendReleases(producer, topics, 0, third);
            await().atMost(Duration.ofSeconds(120)).until(() -> !alerts().isEmpty());

            BrokerProcess leader = cluster.node(alertsLeader());
            leader.kill();
            System.out.printf("failover: killed broker %d, the alerts topic's leader, after %d alerts%n",
                    leader.nodeId(), alerts().size());
            burst.sendReleases(producer, topics, third, 2 * third);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestService.caughtUp(bootstrap, topics, applicationId));
            int withTwo = alerts().size();

            BrokerProcess second = cluster.brokers().stream().filter(BrokerProcess::isAlive).findFirst().orElseThrow();
            second.kill();
            System.out.printf("failover: killed broker %d too, after %d alerts; one broker lives%n", second.nodeId(), withTwo);
            burst.releases().subList(2 * third, burst.releases().size()).forEach(r -> producer.send(Burst.record(topics, r)));
            burst.sanctions().forEach(s -> producer.send(Burst.record(topics, s)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var answer = Http.get(httpPort, "/health");
                return answer.statusCode() == 503 && answer.body().contains("alerting is paused");
            });
            System.out.println("failover: /health while one broker lives: " + Http.get(httpPort, "/health").body());

            leader.start();
            second.start();
            cluster.awaitBrokers(3, Duration.ofMinutes(3));
            producer.flush();
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestService.caughtUp(bootstrap, topics, applicationId));
            service.awaitHealthy(Duration.ofSeconds(120));
        }
        List<Alert> alerts = alerts();
        System.out.printf("failover: %d alerts, %d expected%n", alerts.size(), ExpectedAlerts.of(burst).size());
        assertThat(service.isAlive()).isTrue();
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(ExpectedAlerts.keys(alerts)).containsExactlyInAnyOrderElementsOf(ExpectedAlerts.of(burst));
    }

    private List<Alert> alerts() {
        return Story.alerts(bootstrap, topics.alerts());
    }

    /** The broker that leads most of the alerts topic's partitions. */
    private int alertsLeader() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var partitions = admin.describeTopics(List.of(topics.alerts())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.alerts()).partitions();
            return partitions.stream().collect(java.util.stream.Collectors.groupingBy(p -> p.leader().id(),
                            java.util.stream.Collectors.counting())).entrySet().stream()
                    .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }
}
