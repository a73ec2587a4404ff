package org.releasewatch.ops;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.releasewatch.config.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Follows a compacted topic from its beginning (or a topic from some time back) on every instance (all partitions, no consumer group), handing
 * each record to {@code apply} (value null for a tombstone). A record {@code apply} cannot take is skipped and
 * counted; any other failure is logged, shown by {@link #state()} (so in /health) and reading resumes after a
 * back-off (500 ms doubling to 30 s) where it stopped.
 */
final class CompactedView {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedView.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final KafkaClients clients;
    private final String topic;
    private final BiConsumer<String, byte[]> apply;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile String failure;
    private volatile Instant lastPoll;
    private Thread thread;
    private final Duration lookBack;

    /**
     * Fetches of a view that may lag by half a second: they wait for 64 KiB or 500 ms. A view that follows every
     * release (ReleaseDays) otherwise fetched once per ingest transaction, a hundred times a second at 1 000 events/s.
     */
    static final int BATCHED_FETCH_BYTES = 64 * 1024;
    static final int BATCHED_FETCH_WAIT_MS = 500;

    private final boolean batched;

    CompactedView(String name, KafkaClients clients, String topic, BiConsumer<String, byte[]> apply) {
        this(name, clients, topic, null, false, apply);
    }

    /**
     * @param lookBack where a first start begins: that long ago by record time; null for the topic's beginning
     * @param batched  whether its fetches wait for more records ({@link #BATCHED_FETCH_BYTES}, at most
     *                 {@link #BATCHED_FETCH_WAIT_MS}) rather than return with the first
     */
    CompactedView(String name, KafkaClients clients, String topic, Duration lookBack, boolean batched,
                  BiConsumer<String, byte[]> apply) {
        this.lookBack = lookBack;
        this.batched = batched;
        this.name = name;
        this.clients = clients;
        this.topic = topic;
        this.apply = apply;
    }

    /** Starts following the topic; without Kafka clients (a view fed by hand, in unit tests) it does nothing. */
    void start() {
        if (clients == null) {
            return;
        }
        thread = new Thread(this::run, name + "-view");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                connect();
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    lastPoll = Instant.now();
                    failure = null;
                    backoff = FIRST_BACKOFF;
                    for (ConsumerRecord<String, byte[]> record : records) {
                        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                        try {
                            apply.accept(record.key(), record.value());
                        } catch (RuntimeException e) {
                            skipped.incrementAndGet();
                            LOG.warn("{}: skipping an unreadable record at {}-{}@{}: {}", name, record.topic(),
                                    record.partition(), record.offset(), e.toString());
                        }
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                restarts.incrementAndGet();
                LOG.warn("{}: reading {} failed ({}); reading again in {} ms", name, topic, failure, backoff.toMillis(), e);
            } finally {
                close();
            }
            if (running && failure != null) {
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void connect() {
        Map<String, Object> props = clients.common();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-" + name + "-" + clients.instanceId());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, batched ? BATCHED_FETCH_WAIT_MS : 100);
        if (batched) {
            props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, BATCHED_FETCH_BYTES);
        }
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer = c;
        List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the topic " + topic + " does not exist (yet)");
        }
        c.assign(partitions);
        List<TopicPartition> fresh = partitions.stream().filter(tp -> !positions.containsKey(tp)).toList();
        if (lookBack == null) {
            c.seekToBeginning(fresh);
        } else if (!fresh.isEmpty()) {
            long since = System.currentTimeMillis() - lookBack.toMillis();
            Map<TopicPartition, Long> times = new java.util.HashMap<>();
            fresh.forEach(tp -> times.put(tp, since));
            var found = c.offsetsForTimes(times, Duration.ofSeconds(30));
            List<TopicPartition> none = new java.util.ArrayList<>();
            found.forEach((tp, offset) -> {
                if (offset == null) {
                    none.add(tp); // nothing that recent: only what comes
                } else {
                    c.seek(tp, offset.offset());
                }
            });
            c.seekToEnd(none);
        }
        partitions.stream().filter(positions::containsKey).forEach(tp -> c.seek(tp, positions.get(tp)));
    }

    private void close() {
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the consumer: {}", name, e.toString());
            }
        }
    }

    /** Whether it is reading, and if not why; for /health. */
    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("topic", topic);
        state.put("reading", failure == null && thread != null && thread.isAlive());
        state.put("restarts", restarts.get());
        state.put("skipped", skipped.get());
        if (lastPoll != null) {
            state.put("lastPoll", lastPoll.toString());
        }
        if (failure != null) {
            state.put("reason", failure);
        } else if (thread != null && !thread.isAlive() && running) {
            state.put("reason", "the reading thread has ended");
        }
        return state;
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
