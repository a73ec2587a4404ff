package org.releasewatch.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.releasewatch.config.TopicsConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

/**
 * The moment a snapshot of the alerts is honest: every consumer group of an application has committed every
 * topic it reads to its end (lag 0: the ingest groups their input topics, the Kafka Streams group the internal
 * topics and the alerts it reads back), and nothing was written to any of those topics or to the alerts for a
 * quiet period. A count of alerts reached ("at least six") is no such moment: more may still come, a duplicate
 * among them, and "exactly once" asserted before they come proves nothing.
 *
 * <p>Lag is end offset minus committed offset, as {@link Topics#caughtUp} counts it, except that once the ends stand
 * still a partition behind its end is read: transaction markers and aborted records behind a group's offset are no lag.
 */
public final class CaughtUp {

    /** Long enough for the rules' commit interval (100 ms under exactly-once) and a poll, many times over. */
    public static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(500);

    private CaughtUp() {
    }

    /** {@link #await(String, TopicsConfig, String, Duration, Duration)} with the {@link #QUIET} period. */
    public static void await(String bootstrap, TopicsConfig topics, String applicationId, Duration atMost) {
        await(bootstrap, topics, applicationId, QUIET, atMost);
    }

    /**
     * Waits until application {@code applicationId} has lag 0 in every group and no topic of its pipeline has
     * grown for {@code quiet}; on time-out says which groups still lag and by how much.
     */
    public static void await(String bootstrap, TopicsConfig topics, String applicationId, Duration quiet, Duration atMost) {
        Map<String, List<String>> groups = groups(topics, applicationId);
        Set<String> watched = new TreeSet<>();
        groups.values().forEach(watched::addAll);
        watched.add(topics.alerts());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Steady steady = new Steady();
            try {
                Awaitility.await().atMost(atMost).pollInterval(POLL).ignoreExceptions().until(() -> {
                    Map<TopicPartition, Long> ends = endOffsets(admin, watched);
                    boolean endsSteady = ends.equals(steady.ends);
                    Map<String, Long> lags = new LinkedHashMap<>();
                    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
                        lags.put(group.getKey(), lag(admin, bootstrap, group.getKey(), group.getValue(), ends, endsSteady));
                    }
                    return steady.next(ends, lags, quiet);
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("application " + applicationId + " did not catch up within " + atMost
                        + " (lag 0 in every group, then nothing new for " + quiet + "); last lag per group: "
                        + steady.lags + (steady.allZero() ? ", but the topics kept growing" : ""), e);
            }
        }
    }

    /** Each consumer group of the application and the topics it reads. */
    static Map<String, List<String>> groups(TopicsConfig topics, String applicationId) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put(applicationId + "-ingest-releases", List.of(topics.releases()));
        groups.put(applicationId + "-ingest-sanctions", List.of(topics.sanctions()));
        groups.put(applicationId + "-ingest-watchlist", List.of(topics.watchlist()));
        groups.put(applicationId, List.of(topics.internalEvents(), topics.internalWatchlist(),
                topics.internalReleasesByPerson(), topics.alerts()));
        return groups;
    }

    /** Lag 0 everywhere and the same end offsets since at least {@code quiet} ago. */
    private static final class Steady {
        private Map<TopicPartition, Long> ends;
        private Map<String, Long> lags = Map.of();
        private long since;

        boolean next(Map<TopicPartition, Long> now, Map<String, Long> lagNow, Duration quiet) {
            lags = lagNow;
            long at = System.nanoTime();
            if (!allZero() || !now.equals(ends)) {
                ends = now;
                since = at;
                return false;
            }
            return at - since >= quiet.toNanos();
        }

        boolean allZero() {
            return !lags.isEmpty() && lags.values().stream().allMatch(l -> l == 0);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                .values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Records of {@code topics} written but not yet committed by {@code group}. When the ends have not moved since the
     * last look ({@code endsSteady}), a partition's distance to its end is checked by reading it: what lies behind
     * the group's offset may be only transaction markers and aborted records (a transaction a broker outage aborted,
     * its marker the partition's last entry), which a read_committed reader skips without anything to commit, so its
     * offset stays behind them for good; they count for nothing.
     */
    private static long lag(Admin admin, String bootstrap, String group, List<String> topics, Map<TopicPartition, Long> ends,
                            boolean endsSteady) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        Map<TopicPartition, long[]> behind = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (topics.contains(end.getKey().topic())) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long from = done == null ? 0 : done.offset();
                if (end.getValue() > from) {
                    behind.put(end.getKey(), new long[] {from, end.getValue()});
                    lag += end.getValue() - from;
                }
            }
        }
        return behind.isEmpty() || !endsSteady ? lag : committedRecords(bootstrap, behind);
    }

    /** The records a read_committed reader finds in each partition's [from, to). */
    private static long committedRecords(String bootstrap, Map<TopicPartition, long[]> ranges) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ranges.keySet());
            ranges.forEach((tp, range) -> consumer.seek(tp, range[0]));
            long records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ranges.entrySet().stream().anyMatch(r -> consumer.position(r.getKey()) < r.getValue()[1])) {
                if (System.nanoTime() > deadline) {
                    return ranges.values().stream().mapToLong(r -> r[1] - r[0]).sum(); // not readable to the end (yet)
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.offset() < ranges.get(new TopicPartition(record.topic(), record.partition()))[1]) {
                        records++;
                    }
                }
            }
            return records;
        }
    }
}
