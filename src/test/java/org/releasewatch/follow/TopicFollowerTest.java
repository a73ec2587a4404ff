package org.releasewatch.follow;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.api.health.FollowedTopicHealthIndicator;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.testing.Clients;
import org.releasewatch.testing.Retention;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link TopicFollower} against a real broker, on topics that change under it. */
class TopicFollowerTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final KafkaClients CLIENTS = Clients.shared(Topics.unique("follower-app"));

    private final List<TopicFollower> started = new ArrayList<>();

    /** A fold of the topic: the last value per key, as a compacted view keeps it. */
    private static final class Fold implements TopicFollower.Reader {
        final Map<String, String> latest = new ConcurrentHashMap<>();
        final AtomicInteger readAgain = new AtomicInteger();
        final AtomicInteger caughtUp = new AtomicInteger();
        volatile CountDownLatch holdAt;
        volatile String holdKey;

        @Override
        public void record(ConsumerRecord<byte[], byte[]> r) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String value = new String(r.value(), StandardCharsets.UTF_8);
            if (value.equals("poison")) {
                throw new IllegalArgumentException("a record this reader cannot take");
            }
            latest.put(key, value);
            if (key.equals(holdKey)) {
                holdKey = null;
                waitFor(holdAt); // lags while the topic moves on
            }
        }

        @Override
        public void readingAgain() {
            readAgain.incrementAndGet();
            latest.clear();
        }

        @Override
        public void caughtUp() {
            caughtUp.incrementAndGet();
        }
    }

    private TopicFollower follow(TopicFollower follower) {
        started.add(follower);
        follower.start();
        return follower;
    }

    @AfterEach
    void stop() {
        started.forEach(TopicFollower::stop);
    }

    @Test
    void caughtUpOnceItHasReadWhatTheTopicHeldWhenItBegan() {
        String topic = Topics.unique("follow-caught-up");
        Topics.create(BOOTSTRAP, 3, topic);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(Topics.record(topic, "k" + i, "v" + i));
        }
        Topics.send(BOOTSTRAP, topic, records);
        Fold fold = new Fold();
        TopicFollower follower = follow(TopicFollower.fromBeginning("caught-up", CLIENTS, topic, fold));

        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        // at the signal every record that was there before the start has been handed over
        assertThat(fold.latest).hasSize(300);
        assertThat(fold.caughtUp.get()).isEqualTo(1);
        assertThat(follower.state()).containsEntry("state", "running").containsEntry("caughtUp", true)
                .containsEntry("reading", true).doesNotContainKey("reason");
    }

    @Test
    void aPoisonRecordIsSkippedCountedAndTheFollowingGoesOn() {
        String topic = Topics.unique("follow-poison");
        Topics.create(BOOTSTRAP, 1, topic);
        Fold fold = new Fold();
        TopicFollower follower = follow(TopicFollower.fromBeginning("poison", CLIENTS, topic, fold));
        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();

        Topics.send(BOOTSTRAP, topic, List.of(Topics.record(topic, "a", "1"), Topics.record(topic, "bad", "poison"),
                Topics.record(topic, "b", "2")));

        await().atMost(Duration.ofSeconds(30)).until(() -> fold.latest.containsKey("b"));
        assertThat(fold.latest).containsEntry("a", "1").doesNotContainKey("bad");
        assertThat(follower.state()).containsEntry("skipped", 1L).containsEntry("restarts", 0L)
                .containsEntry("reading", true);
    }

    @Test
    void aPartitionAddedWhileFollowingHasItsRecordsShowUp() throws Exception {
        String topic = Topics.unique("follow-grow");
        Topics.create(BOOTSTRAP, 1, topic);
        Fold fold = new Fold();
        // a live feed: a partition it did not know is new, so all of its records are
        TopicFollower follower = follow(TopicFollower.fromEnd("grow", CLIENTS, topic, fold)
                .partitionCheck(Duration.ofSeconds(1)));
        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
        }
        Topics.send(BOOTSTRAP, topic, List.of(new ProducerRecord<>(topic, 1, bytes("p1"), bytes("1")),
                new ProducerRecord<>(topic, 2, bytes("p2"), bytes("2")), new ProducerRecord<>(topic, 0, bytes("p0"), bytes("0"))));

        await().atMost(Duration.ofSeconds(60)).until(() -> fold.latest.keySet().containsAll(List.of("p0", "p1", "p2")));
        assertThat(follower.state()).containsEntry("restarts", 0L);
    }

    @Test
    void aFoldWhosePositionRetentionDeletedReadsTheTopicAgainFromTheEarliestAndSaysSo() {
        String topic = Topics.unique("follow-retention");
        Topics.create(BOOTSTRAP, 1, topic);
        Fold fold = new Fold();
        fold.holdAt = new CountDownLatch(1);
        fold.holdKey = "first";
        TopicFollower follower = follow(TopicFollower.fromBeginning("retention", CLIENTS, topic, fold));
        Retention.deletePastAHeldReader(BOOTSTRAP, topic, () -> fold.latest.containsKey("first"), fold.holdAt::countDown);

        await().atMost(Duration.ofSeconds(30)).until(() -> fold.latest.containsKey("after") && follower.caughtUp());
        assertThat(fold.readAgain.get()).isEqualTo(1);
        // what it holds is what a fresh reader of the topic would hold: "first" was deleted and is gone
        assertThat(fold.latest).containsOnlyKeys("after");
        Map<String, Object> state = follower.state();
        assertThat(state).containsEntry("reading", true).containsEntry("resets", 1L).containsEntry("restarts", 0L);
        assertThat(String.valueOf(state.get("lastReset"))).contains(topic + "-0").contains("again from the earliest");

        // /health shows it: the one indicator of every followed topic, over a view of this follower
        FollowedTopicHealthIndicator indicator = new FollowedTopicHealthIndicator(new FollowedTopic() {
            @Override
            public String healthName() {
                return "retention";
            }

            @Override
            public boolean up() {
                return follower.caughtUp() && follower.reading();
            }

            @Override
            public Map<String, Object> health() {
                return follower.state();
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor();
        indicator.setExecutorService(executor);
        HealthResult health;
        try {
            health = Mono.from(indicator.getResult()).block();
        } finally {
            executor.shutdown();
        }
        assertThat(health.getName()).isEqualTo("retention");
        assertThat(health.getStatus()).isEqualTo(HealthStatus.UP);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health.getDetails();
        assertThat(details).containsEntry("resets", 1L).containsKey("lastReset");
    }

    @Test
    void aFeedWhosePositionRetentionDeletedGoesOnFromTheEarliestRecordLeft() {
        String topic = Topics.unique("follow-feed-retention");
        Topics.create(BOOTSTRAP, 1, topic);
        Fold fold = new Fold();
        fold.holdAt = new CountDownLatch(1);
        fold.holdKey = "first";
        TopicFollower follower = follow(TopicFollower.fromEnd("feed-retention", CLIENTS, topic, fold));
        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        Retention.deletePastAHeldReader(BOOTSTRAP, topic, () -> fold.latest.containsKey("first"), fold.holdAt::countDown);

        await().atMost(Duration.ofSeconds(30)).until(() -> fold.latest.containsKey("after"));
        assertThat(fold.readAgain.get()).isZero();
        Map<String, Object> state = follower.state();
        assertThat(state).containsEntry("reading", true).containsEntry("resets", 1L);
        assertThat(String.valueOf(state.get("lastReset"))).contains(topic + "-0").contains("from the earliest record left");
    }

    @Test
    void aMissingTopicIsShownWithTheReasonAndFollowedOnceItExists() {
        String topic = Topics.unique("follow-missing");
        Fold fold = new Fold();
        TopicFollower follower = follow(TopicFollower.fromBeginning("missing", CLIENTS, topic, fold));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Object> state = follower.state();
            assertThat(state).containsEntry("reading", false).containsEntry("state", "restarting");
            assertThat(String.valueOf(state.get("reason"))).contains("does not exist");
        });
        Topics.create(BOOTSTRAP, 1, topic);
        Topics.send(BOOTSTRAP, topic, List.of(Topics.record(topic, "k", "v")));
        await().atMost(Duration.ofSeconds(90)).until(() -> "v".equals(fold.latest.get("k")));
        assertThat(follower.reading()).isTrue();
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
