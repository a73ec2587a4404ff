package org.releasewatch.resilience;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.demo.December13Story;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.CaughtUp;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.ServiceProcess;
import org.releasewatch.testing.ServiceYaml;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service is killed with SIGKILL in the middle of the 13 December burst and started
 * again on the same data folder. Fewer alerts are visible at the kill than in the end; once the restarted
 * service has caught up (lag 0, nothing new for a while), every alert appears exactly once on the alerts
 * topic for a {@code read_committed} reader, and every alert reaches the webhook at least once.
 */
class KillRecoveryIT {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final TopicsConfig topics = TestService.uniqueTopics();
    private final String applicationId = Topics.unique("kill-app");
    private final Receiver receiver = new Receiver(SECRET);
    private ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        receiver.close();
    }

    @Test
    void aKillMidBurstLosesNoAlertAndDuplicatesNone() throws Exception {
        Path dir = TestService.tempDir();
        Path config = writeConfig(dir);
        int port = EmbeddedKafkaBroker.freePort();
        service = new ServiceProcess(config, dir.resolve("service.log"), port).start();
        service.awaitHealthy(Duration.ofSeconds(120));

        List<ReleaseEvent> releases = December13Story.releases();
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            for (WatchlistEntry entry : December13Story.watchlist()) {
                producer.send(Topics.record(topics.watchlist(), entry.personId(), Json.string(entry)));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.internalWatchlist()).size() == 2);

            send(producer, releases.subList(0, 60));
            await().atMost(Duration.ofSeconds(30)).until(() -> rules(alerts()).contains(AlertRule.MASS_RELEASE));

            send(producer, releases.subList(60, releases.size()));
            var relief = December13Story.belaruskaliRelief();
            producer.send(Topics.record(topics.sanctions(), relief.eventId(), Json.string(relief)));
            producer.flush();
        }
        service.kill(); // mid-burst: the rest of the releases and the relief are in flight
        int visibleAtKill = alerts().size();

        service = new ServiceProcess(config, dir.resolve("service.log"), port).start();
        service.awaitHealthy(Duration.ofSeconds(120));

        // "once" holds only when nothing more can come: lag 0 in every group of the application, then quiet
        CaughtUp.await(BOOTSTRAP, topics, applicationId, Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.deliveredIds().size() >= 6);
        List<Alert> alerts = alerts();
        assertThat(visibleAtKill).as("killed mid-burst: alerts visible at the kill").isLessThan(6);
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        // a relief that fires before some releases reach the rules gets count updates in its thread: counted once
        assertThat(org.releasewatch.testing.ExpectedAlerts.counted(alerts).stream()
                .collect(Collectors.groupingBy(Alert::rule, Collectors.counting()))).isEqualTo(Map.of(
                AlertRule.WATCHLIST_RELEASE, 2L, AlertRule.MASS_RELEASE, 2L,
                AlertRule.SANCTIONS_CHANGE, 1L, AlertRule.LINKED_RELIEF, 1L));
        assertThat(receiver.deliveredIds()).containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::id).toList());
    }

    private void send(KafkaProducer<byte[], byte[]> producer, List<ReleaseEvent> releases) {
        for (ReleaseEvent r : releases) {
            producer.send(new ProducerRecord<>(topics.releases(), r.eventId().getBytes(StandardCharsets.UTF_8), Json.bytes(r)));
        }
        producer.flush();
    }

    private List<Alert> alerts() {
        return Topics.readCommitted(BOOTSTRAP, topics.alerts()).stream()
                .map(r -> Json.read(r.value(), Alert.class)).toList();
    }

    private static List<AlertRule> rules(List<Alert> alerts) {
        return alerts.stream().map(Alert::rule).toList();
    }

    private Path writeConfig(Path dir) {
        return ServiceYaml.write(dir.resolve("application-kill-test.yml"), topics, applicationId,
                "kill-test-instance", dir.resolve("data"), receiver.url(), SECRET, "");
    }
}
