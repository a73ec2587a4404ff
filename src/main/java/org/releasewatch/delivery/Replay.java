package org.releasewatch.delivery;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends a subscription's alerts emitted since an instant once more, dead-lettered ones included, with their own
 * {@code webhook-id}: a consumer of its own (no group) reads the alerts topic from the beginning up to its end offsets
 * at the time of the request, and hands each record to the subscription's current worker, which delivers it like a
 * new one, retried and dead-lettered the same way. The alerts topic's record timestamps are event times, so the
 * instant is compared with each alert's {@code emittedAt}, not used to seek. At most {@link #WINDOW} records are in
 * flight at a time.
 */
final class Replay implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    static final int WINDOW = 500;

    private final String subscriptionId;
    private final Instant since;
    private final Map<String, Object> consumerProps;
    private final String alertsTopic;
    private final Supplier<SubscriptionWorker> worker;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Instant startedAt = Instant.now();
    private volatile String state = "running";
    private volatile boolean stopped;

    Replay(String subscriptionId, Instant since, Map<String, Object> consumerProps, String alertsTopic,
           Supplier<SubscriptionWorker> worker) {
        this.subscriptionId = subscriptionId;
        this.since = since;
        this.consumerProps = consumerProps;
        this.alertsTopic = alertsTopic;
        this.worker = worker;
    }

    Instant since() {
        return since;
    }

    void done() {
        window.release();
    }

    boolean finished() {
        return !"running".equals(state);
    }

    void stop() {
        stopped = true;
    }

    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", since.toString());
        out.put("startedAt", startedAt.toString());
        out.put("state", state);
        out.put("read", read.get());
        out.put("sent", sent.get());
        return out;
    }

    @Override
    public void run() {
        Map<String, Object> props = new LinkedHashMap<>(consumerProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(alertsTopic, Duration.ofSeconds(30));
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(alertsTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!stopped && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // appended after the request: the worker delivers it anyway
                    }
                    read.incrementAndGet();
                    if (!handOver(r)) {
                        return;
                    }
                }
            }
            state = stopped ? "stopped" : "done";
            LOG.info("Replay for subscription {} since {}: {} alert(s) sent again", subscriptionId, since, sent.get());
        } catch (RuntimeException e) {
            state = "failed: " + e.getClass().getSimpleName();
            LOG.error("Replay for subscription {} failed", subscriptionId, e);
        }
    }

    private boolean handOver(ConsumerRecord<String, byte[]> r) {
        try {
            while (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                SubscriptionWorker current = worker.get();
                if (stopped || current == null || !current.running()) {
                    state = "stopped";
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "stopped";
            return false;
        }
        SubscriptionWorker w = worker.get();
        if (w == null || !w.running()) {
            window.release();
            state = "stopped: the subscription changed or was removed during the replay; request it again";
            return false;
        }
        if (w.replay(r, this)) {
            sent.incrementAndGet();
        } else {
            window.release();
        }
        return true;
    }
}
