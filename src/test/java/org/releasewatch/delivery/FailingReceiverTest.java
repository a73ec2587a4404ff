package org.releasewatch.delivery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A failing receiver gets one request at a time, and the other subscriptions do not wait for it. */
class FailingReceiverTest {

    private static final String SECRET = WebhookDeliveryTest.SECRET;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final TopicsConfig topics = TestService.uniqueTopics();

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private List<String> publish(int count) {
        List<Alert> alerts = IntStream.range(0, count).mapToObj(i -> SampleAlerts.alert(Topics.unique("alert"),
                AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, List.of("BY", "UA", "LT").get(i % 3))).toList();
        Topics.send(SharedBroker.bootstrapServers(), topics.alerts(),
                alerts.stream().map(a -> SampleAlerts.record(topics.alerts(), a)).toList());
        return alerts.stream().map(Alert::id).toList();
    }

    @Test
    void whileAReceiverFailsAtMostOneRequestIsInFlightToItAndTheOthersAreUnaffected() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger measured = new AtomicInteger();
        AtomicBoolean measuring = new AtomicBoolean();
        Receiver failing = new Receiver(SECRET);
        cleanup.add(failing);
        failing.answer(r -> {
            int now = inFlight.incrementAndGet();
            if (measuring.get()) {
                most.accumulateAndGet(now, Math::max);
                measured.incrementAndGet();
            }
            try {
                Thread.sleep(150); // slow as well as failing: concurrent requests would overlap here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Receiver.Answer.status(500);
        });
        Receiver healthy = new Receiver(SECRET);
        cleanup.add(healthy);
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        p.put("releasewatch.webhooks.subscriptions", List.of(Map.of("url", failing.url(), "secret", SECRET),
                Map.of("url", healthy.url(), "secret", SECRET)));
        p.put("releasewatch.webhooks.retry.initial-delay", "100ms");
        p.put("releasewatch.webhooks.retry.max-delay", "200ms");
        p.put("releasewatch.webhooks.retry.max-attempts", 4);
        cleanup.add(TestService.start(p));

        List<String> warmUp = publish(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> failing.received().size() >= 2); // it has failed once
        measuring.set(true);
        List<String> burst = publish(12);
        await().atMost(Duration.ofSeconds(15)).until(() -> healthy.acceptedIds().containsAll(burst)
                && healthy.acceptedIds().containsAll(warmUp));
        await().atMost(Duration.ofSeconds(40)).until(() -> measured.get() >= 24);
        assertThat(most.get()).as("requests in flight to the failing receiver at once").isEqualTo(1);
    }
}
