package org.releasewatch.ops;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Clients;
import org.releasewatch.testing.Retention;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ops views (acks, silences, the month of releases) follow their topic as it changes under them: a partition
 * added while they read, and records deleted (retention) past where they were.
 */
class CompactedViewTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    @Test
    void aPartitionAddedWhileFollowingIsReadFromItsBeginning() throws Exception {
        String topic = Topics.unique("view-grow");
        Topics.create(BOOTSTRAP, 1, topic);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CompactedView view = new CompactedView("grow", Clients.shared(Topics.unique("app")), topic, (k, v) -> seen.add(k));
        view.start();
        try {
            Topics.send(BOOTSTRAP, topic, List.of(Topics.record(topic, "before", "1")));
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("before"));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
            }
            Topics.send(BOOTSTRAP, topic, List.of(new ProducerRecord<>(topic, 1, bytes("on-the-new-partition"), bytes("2"))));
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("on-the-new-partition"));
        } finally {
            view.stop();
        }
    }

    @Test
    void aViewOfTheLastDaysStartsWithTheRecordsOfThoseDaysOnEveryPartition() {
        String topic = Topics.unique("view-since");
        Topics.create(BOOTSTRAP, 2, topic);
        long now = System.currentTimeMillis();
        Topics.send(BOOTSTRAP, topic, List.of(
                new ProducerRecord<>(topic, 0, now - Duration.ofDays(3).toMillis(), bytes("too-old"), bytes("1")),
                new ProducerRecord<>(topic, 0, now - Duration.ofHours(1).toMillis(), bytes("recent-0"), bytes("1")),
                new ProducerRecord<>(topic, 1, now - Duration.ofHours(2).toMillis(), bytes("recent-1"), bytes("1"))));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CompactedView view = new CompactedView("since", Clients.shared(Topics.unique("app")), topic, Duration.ofDays(1),
                true, (k, v) -> seen.add(k));
        view.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.containsAll(List.of("recent-0", "recent-1")));
            assertThat(seen).doesNotContain("too-old");
        } finally {
            view.stop();
        }
    }

    @Test
    void recordsDeletedPastItsPositionMakeItGoOnFromTheEarliestAndSaySo() {
        String topic = Topics.unique("view-retention");
        Topics.create(BOOTSTRAP, 1, topic);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch hold = new CountDownLatch(1);
        CompactedView view = new CompactedView("retention", Clients.shared(Topics.unique("app")), topic, (k, v) -> {
            seen.add(k);
            if (k.equals("first")) {
                waitFor(hold); // the view lags while the topic moves on
            }
        });
        view.start();
        try {
            Retention.deletePastAHeldReader(BOOTSTRAP, topic, () -> seen.contains("first"), hold::countDown);

            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("after"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> state = view.state();
                assertThat(state).containsEntry("reading", true).containsEntry("resets", 1L);
                assertThat(String.valueOf(state.get("lastReset"))).contains(topic + "-0").contains("earliest");
            });
        } finally {
            hold.countDown();
            view.stop();
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
