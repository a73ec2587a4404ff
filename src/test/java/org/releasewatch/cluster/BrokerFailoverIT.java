package org.releasewatch.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service on a real three-node KRaft cluster (three {@code broker} processes of the packaged jar), the one
 * cluster test of the default build: two instances share the work (one application id, a standby copy of every
 * store) and take replication factor 3 and {@code min.insync.replicas} 2 from the cluster's size. Mid-way through a
 * shuffled burst the broker leading the alerts topic is killed with SIGKILL, later a second one, so only one lives:
 * {@code /health} then says why alerting is paused. Both come back and alerting resumes by itself. Then one instance
 * is stopped with SIGTERM while watched releases keep coming: the other alerts them without it. A
 * {@code read_committed} reader sees exactly the alerts the inputs call for, each once.
 */
class BrokerFailoverIT {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final int HANDOVER_RELEASES = 12;

    private final ThreeBrokerCluster cluster = ThreeBrokerCluster.get();
    private final String bootstrap = cluster.bootstrapServers();
    private final TopicsConfig topics = TestService.uniqueTopics();
    private final String applicationId = Topics.unique("failover-app");
    private final Receiver receiver = new Receiver(SECRET);
    private final Path dir = TestService.tempDir();
    private final List<ServiceProcess> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ServiceProcess::close);
        receiver.close();
        cluster.brokers().stream().filter(b -> !b.isAlive()).forEach(BrokerProcess::start);
        cluster.awaitBrokers(3, Duration.ofMinutes(3));
    }

    @Test
    void brokerLossesPauseAlertingVisiblyAndASigtermHandsOverLosingOrDuplicatingNone() throws Exception {
        for (String name : List.of("a", "b")) {
            Path config = ServiceYaml.write(bootstrap, dir.resolve("application-" + name + ".yml"), topics, applicationId,
                    "failover-" + name, dir.resolve("data-" + name), ServiceYaml.Webhooks.fast(SECRET, receiver.url()),
                    "  streams:\n    standby-replicas: 1\n");
            instances.add(new ServiceProcess(config, dir.resolve("service-" + name + ".log"), EmbeddedKafkaBroker.freePort()).start());
        }
        instances.forEach(i -> i.awaitHealthy(Duration.ofSeconds(240)));
        ServiceProcess a = instances.get(0);
        ServiceProcess b = instances.get(1);
        String health = Http.get(b.httpPort(), "/health").body();
        assertThat(health).contains("\"replicationFactor\":3").contains("\"minInsyncReplicas\":2");
        assertThat(b.log()).contains("replication factor 3, min.insync.replicas 2 (from the cluster size; 3 broker(s) at start)");

        long seed = System.nanoTime();
        Burst story = Burst.december13(600);
        List<ReleaseEvent> shuffled = new ArrayList<>(story.releases());
        Collections.shuffle(shuffled, new Random(seed));
        List<ReleaseEvent> handover = IntStream.range(0, HANDOVER_RELEASES).mapToObj(i -> Burst.release("handover", i)).toList();
        List<WatchlistEntry> watchlist = new ArrayList<>(story.watchlist());
        handover.forEach(r -> watchlist.add(new WatchlistEntry(r.person().id(), r.person().name(), Priority.HIGH, "handover")));
        Burst burst = new Burst(List.copyOf(watchlist), List.copyOf(shuffled), story.sanctions());
        System.out.printf("failover: seed %d%n", seed);

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
                var answer = Http.get(b.httpPort(), "/health");
                return answer.statusCode() == 503 && answer.body().contains("alerting is paused");
            });
            System.out.println("failover: /health while one broker lives: " + Http.get(b.httpPort(), "/health").body());

            leader.start();
            second.start();
            cluster.awaitBrokers(3, Duration.ofMinutes(3));
            producer.flush();
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestService.caughtUp(bootstrap, topics, applicationId));
            instances.forEach(i -> i.awaitHealthy(Duration.ofSeconds(120)));

            // the handover: a stops cleanly while watched releases arrive; b alerts every one of them before a is back
            long stopping = System.nanoTime();
            a.close(); // SIGTERM, and waits until it exited
            System.out.printf("failover: instance a stopped with SIGTERM in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
            handover.forEach(r -> producer.send(Burst.record(topics, r)));
            producer.flush();
            long sent = System.nanoTime();
            Set<String> handoverIds = handover.stream().map(ReleaseEvent::eventId).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> alerts().stream()
                    .filter(x -> x.rule() == AlertRule.WATCHLIST_RELEASE)
                    .flatMap(x -> x.evidence().eventIds().stream()).filter(handoverIds::contains).distinct().count() == handoverIds.size());
            System.out.printf("failover: %d watched releases sent after a's SIGTERM alerted by b alone within %d ms%n",
                    handover.size(), (System.nanoTime() - sent) / 1_000_000);
            assertThat(a.isAlive()).isFalse();
            assertThat(b.isAlive()).isTrue();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestService.caughtUp(bootstrap, topics, applicationId));
        }
        List<ReleaseEvent> released = new ArrayList<>(burst.releases());
        released.addAll(handover);
        List<String> expected = ExpectedAlerts.of(burst.watchlist(), released, burst.sanctions());
        List<Alert> alerts = alerts();
        System.out.printf("failover: %d alerts, %d expected%n", alerts.size(), expected.size());
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(ExpectedAlerts.keys(alerts)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private List<Alert> alerts() {
        return Story.alerts(bootstrap, topics.alerts());
    }

    /** The broker that leads most of the alerts topic's partitions. */
    private int alertsLeader() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var partitions = admin.describeTopics(List.of(topics.alerts())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.alerts()).partitions();
            return partitions.stream().collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()))
                    .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }
}
