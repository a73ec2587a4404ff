package org.releasewatch.resilience;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.ExpectedAlerts;
import org.releasewatch.testing.PackagedService;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One of two webhook receivers is down ("connection refused") for {@link #OUTAGE} while the burst (the
 * 13 December story and {@link #EXTRA} releases from twelve countries) is fed at a steady pace across
 * the outage. The other receiver gets its alerts as fast as without the outage; the one that was down
 * gets every alert once it is back, none dead-lettered (the retry schedule outlasts the outage).
 */
class ReceiverOutageResilienceIT {

    /**
     * Two minutes in the resilience profile ({@code -Presilience}); the default build, whose wall time CI bounds, sets
     * {@code releasewatch.it.receiver-outage-seconds} shorter (pom.xml).
     */
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("releasewatch.it.receiver-outage-seconds", 120));
    /** The feed runs a little longer than the outage, so the receiver comes back under load. */
    static final Duration FEED = OUTAGE.plusSeconds(20);
    /** About 43 releases a second, as many as the feed's length holds (6 000 for the two-minute outage). */
    static final int EXTRA = (int) (FEED.toSeconds() * 43);
    static final Duration TICK = Duration.ofMillis(100);
    /** The healthy receiver's alerts during the outage: at most this long from emittedAt to receipt (p99). */
    static final Duration HEALTHY_P99_LIMIT = Duration.ofSeconds(2);

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    // back-off 1 s, at most 5 s, 200 attempts: on average 2.5 s a try, so ~8 minutes before a dead letter
    private final PackagedService service = new PackagedService("receiver-outage", 2,
            webhooks -> webhooks.retrying("1s", "5s", 200));
    private final TopicsConfig topics = service.topics();
    private final Receiver down = service.receivers().get(0);
    private final Receiver healthy = service.receivers().get(1);
    private final ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        feeder.shutdownNow();
        service.close();
    }

    @Test
    void aReceiverDownForMinutesGetsEveryAlertWhenBackAndTheOtherReceiverIsNotDelayed() throws Exception {
        Burst burst = Burst.december13(EXTRA);
        List<String> expected = ExpectedAlerts.of(burst);
        service.start();
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            burst.sendWatchlist(producer, topics);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Topics.readCommitted(BOOTSTRAP, topics.internalWatchlist()).size() == burst.watchlist().size());

            down.down();
            Instant outageStart = Instant.now();
            AtomicInteger sent = new AtomicInteger();
            int total = burst.releases().size();
            int perTick = (int) Math.ceil(total / (double) (FEED.toMillis() / TICK.toMillis()));
            feeder.scheduleAtFixedRate(() -> {
                int from = sent.get();
                if (from >= total) {
                    return;
                }
                int to = Math.min(total, from + perTick);
                burst.sendReleases(producer, topics, from, to);
                if (from < total / 2 && to >= total / 2) { // the reliefs meet half the releases in the state
                    burst.sendSanctions(producer, topics);
                }
                sent.set(to);
            }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);

            // the outage: the healthy receiver keeps accepting alerts all along
            await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Duration.between(outageStart, Instant.now()).compareTo(OUTAGE) >= 0);
            int healthyDuringOutage = healthy.acceptedIds().size();
            down.up();
            Instant outageEnd = Instant.now();

            await().atMost(FEED).until(() -> sent.get() == total);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(service::caughtUp);
            List<Alert> alerts = service.alerts();
            Set<String> ids = alerts.stream().map(Alert::id).collect(Collectors.toSet());
            boolean allAccepted = Scenario.awaitQuietly(Duration.ofMinutes(2),
                    () -> down.acceptedIds().containsAll(ids) && healthy.acceptedIds().containsAll(ids));
            Duration catchUp = Duration.between(outageEnd, lastFirstAccept(down));

            Map<String, Instant> emitted = alerts.stream().collect(Collectors.toMap(Alert::id, Alert::emittedAt, (a, b) -> a));
            List<Long> healthyLatencies = firstAccepts(healthy).entrySet().stream()
                    .filter(e -> emitted.containsKey(e.getKey()))
                    .filter(e -> emitted.get(e.getKey()).isBefore(outageEnd))
                    .map(e -> Duration.between(emitted.get(e.getKey()), e.getValue()).toMillis())
                    .sorted().toList();
            Set<String> lost = new HashSet<>(expected);
            lost.removeAll(ExpectedAlerts.keys(alerts));
            long lostDeliveries = ids.stream().filter(id -> !down.acceptedIds().contains(id)).count()
                    + ids.stream().filter(id -> !healthy.acceptedIds().contains(id)).count();
            int deadLettered = Topics.readCommitted(BOOTSTRAP, topics.webhookDlq()).size();
            Scenario.report("receiver outage", lost.size() + lostDeliveries, alerts.size() - ids.size(),
                    "alerts=%d outage=%ds healthy-accepted-during-outage=%d healthy-latency-ms p50=%d p99=%d max=%d "
                            .formatted(alerts.size(), OUTAGE.toSeconds(), healthyDuringOutage,
                                    Scenario.percentile(healthyLatencies, 50), Scenario.percentile(healthyLatencies, 99),
                                    Scenario.percentile(healthyLatencies, 100))
                            + "down-receiver-caught-up-in-ms=%d webhook-dlq=%d".formatted(catchUp.toMillis(), deadLettered));

            assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
            assertThat(ExpectedAlerts.keys(alerts)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(allAccepted).as("both receivers accepted every alert").isTrue();
            assertThat(deadLettered).as("the retry schedule outlasts the outage: nothing dead-lettered").isZero();
            assertThat(healthyDuringOutage).as("the healthy receiver got alerts during the outage").isPositive();
            assertThat(Scenario.percentile(healthyLatencies, 99)).as("healthy receiver p99 during the outage, ms")
                    .isLessThanOrEqualTo(HEALTHY_P99_LIMIT.toMillis());
            assertThat(down.received()).allMatch(Receiver.Received::signatureValid);
        }
    }

    /** The time each alert id was first accepted (2xx) by the receiver. */
    private static Map<String, Instant> firstAccepts(Receiver receiver) {
        Set<String> accepted = receiver.acceptedIds();
        return receiver.received().stream().filter(r -> accepted.contains(r.id()))
                .collect(Collectors.toMap(Receiver.Received::id, Receiver.Received::at,
                        (a, b) -> a.isBefore(b) ? a : b));
    }

    private static Instant lastFirstAccept(Receiver receiver) {
        return firstAccepts(receiver).values().stream().max(Instant::compareTo).orElse(Instant.now());
    }
}
