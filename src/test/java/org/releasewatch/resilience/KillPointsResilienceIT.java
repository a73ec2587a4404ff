package org.releasewatch.resilience;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.ExpectedAlerts;
import org.releasewatch.testing.PackagedService;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service is killed with SIGKILL at three points of a burst (the 13 December story and
 * {@value #EXTRA} more releases from twelve countries, some of watched persons, and four sanctions
 * changes) and started again on the same data folder. Whatever the point, once the restarted service has
 * worked off its input and nothing new comes ({@code CaughtUp}), the alerts topic holds, for a {@code read_committed} reader, exactly the alerts
 * the contract's rules give for the input (worked out from the input alone) and each once, and the
 * webhook receiver has accepted every one of them at least once.
 */
class KillPointsResilienceIT {

    static final int EXTRA = 3000;
    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    /** Where in the burst the service dies. */
    enum KillPoint {
        /** as soon as a read_committed reader sees the first alert: most of the burst is still in the pipeline */
        FIRST_ALERT_VISIBLE,
        /** the receiver is slow and answers 503: alerts are emitted, their deliveries pending, none accepted */
        WEBHOOK_DELIVERIES_PENDING,
        /**
         * the moment the broker has acknowledged the sanctions changes, reliefs included, after the first half
         * of the releases has been worked off: the reliefs are being linked, the second half is still to come
         */
        RELIEF_JUST_PRODUCED
    }

    private final PackagedService service = new PackagedService("kill-points");
    private final TopicsConfig topics = service.topics();
    private final Receiver receiver = service.receiver();

    @AfterEach
    void stop() {
        service.close();
    }

    @ParameterizedTest(name = "SIGKILL at {0}")
    @EnumSource(KillPoint.class)
    void afterASigkillEveryAlertIsOnTheTopicOnceAndAcceptedByTheWebhook(KillPoint point) {
        Burst burst = Burst.december13(EXTRA);
        List<String> expected = ExpectedAlerts.of(burst);
        service.start();

        int half = burst.releases().size() / 2;
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            burst.sendWatchlist(producer, topics);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Topics.readCommitted(BOOTSTRAP, topics.internalWatchlist()).size() == burst.watchlist().size());
            if (point == KillPoint.WEBHOOK_DELIVERIES_PENDING) {
                receiver.answer(r -> new Receiver.Answer(503, 200, null));
            }
            burst.sendReleases(producer, topics, 0, half);
            if (point == KillPoint.RELIEF_JUST_PRODUCED) { // the reliefs meet half a burst of releases in the state
                await().atMost(Duration.ofSeconds(60)).until(service::caughtUp);
            }
            burst.sendSanctions(producer, topics);
            if (point == KillPoint.RELIEF_JUST_PRODUCED) {
                service.process().kill();
            }
            burst.sendReleases(producer, topics, half, burst.releases().size()); // partners keep writing
        }
        switch (point) {
            case FIRST_ALERT_VISIBLE -> {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> !service.alerts().isEmpty());
                service.process().kill();
            }
            case WEBHOOK_DELIVERIES_PENDING -> {
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.deliveredIds().size() >= 10);
                service.process().kill();
                assertThat(receiver.acceptedIds()).as("no delivery done before the kill").isEmpty();
                receiver.answer(r -> Receiver.Answer.ok());
            }
            case RELIEF_JUST_PRODUCED -> {
                // killed above, the moment the broker acknowledged the sanctions changes
            }
        }
        List<Alert> atKill = service.alerts();
        if (point != KillPoint.WEBHOOK_DELIVERIES_PENDING) {
            // that point is about deliveries (none accepted at the kill, asserted above): the rules may be done by then
            assertThat(atKill.size()).as("killed mid-burst: alerts visible at the kill").isLessThan(expected.size());
        }

        service.start(); // on the same data folder
        service.awaitCaughtUp(Duration.ofSeconds(180)); // lag 0, then nothing new: no alert still to come

        List<Alert> alerts = service.alerts();
        List<String> ids = alerts.stream().map(Alert::id).toList();
        List<String> keys = ExpectedAlerts.keys(alerts);
        Scenario.awaitQuietly(Duration.ofSeconds(120), () -> receiver.acceptedIds().containsAll(ids));
        Scenario.report("kill -9 at " + point,
                expected.stream().filter(key -> !keys.contains(key)).count()
                        + ids.stream().filter(id -> !receiver.acceptedIds().contains(id)).count(),
                ids.size() - ids.stream().distinct().count(),
                "alerts=%d visible-at-kill=%d webhook-requests=%d".formatted(alerts.size(), atKill.size(), receiver.received().size()));

        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(alerts).extracting(Alert::rule).contains(AlertRule.values());
        assertThat(receiver.acceptedIds()).containsAll(ids);
        assertThat(receiver.received()).as("every request signed").allMatch(Receiver.Received::signatureValid);
    }
}
