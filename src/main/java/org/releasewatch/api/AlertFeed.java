package org.releasewatch.api;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.rules.MicrometerRuleMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every new alert, as soon as it is committed on the alerts topic: this instance reads all partitions
 * itself ({@code read_committed}, no consumer group, from the end), so each instance's live feed is
 * complete. Subscribers that are too slow miss live alerts rather than slow the feed down; they can
 * reconnect with {@code Last-Event-ID} and get them from the history. A failure never ends the feed: it
 * is logged, shown in /health ({@code alertFeed}) and reading resumes after a back-off.
 */
@Context
public class AlertFeed {

    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final TopicsConfig topics;
    private final Sinks.Many<Alert> sink = Sinks.many().multicast().directBestEffort();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean running = true;
    private volatile String failure;        // why the feed is not reading, null while it is
    private final AtomicLong restarts = new AtomicLong();
    private volatile Instant lastPoll;

    private final MicrometerRuleMetrics metrics;

    public AlertFeed(KafkaClients clients, TopicsConfig topics, MicrometerRuleMetrics metrics, TopicProvisioner topicsReady) {
        this.clients = clients;
        this.topics = topics;
        this.metrics = metrics;
    }

    @PostConstruct
    void start() {
        thread = new Thread(this::run, "alert-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Reads until stopped. Any failure is logged, shown by {@link #state()} (so in /health), and the reading
     * starts again after a back-off (500 ms doubling to 30 s) from where it stopped: the feed never ends quietly.
     */
    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                consumer = connect();
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                    lastPoll = Instant.now();
                    failure = null;
                    backoff = FIRST_BACKOFF;
                    for (ConsumerRecord<String, byte[]> record : records) {
                        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                        try {
                            Alert alert = Json.read(record.value(), Alert.class);
                            metrics.alertVisible(alert);
                            sink.tryEmitNext(alert);
                        } catch (RuntimeException e) {
                            LOG.debug("Skipping an unreadable alert at {}-{}@{}", record.topic(), record.partition(), record.offset());
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
                LOG.warn("The live alert feed failed ({}); reading again in {} ms", failure, backoff.toMillis(), e);
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

    /** A consumer of every alerts partition, at the end (first start) or where the last one stopped. */
    private KafkaConsumer<String, byte[]> connect() {
        Map<String, Object> props = clients.common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-alert-feed-" + clients.instanceId());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer = c;
        List<TopicPartition> partitions = c.partitionsFor(topics.alerts(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the alerts topic " + topics.alerts() + " does not exist (yet)");
        }
        c.assign(partitions);
        c.seekToEnd(partitions.stream().filter(tp -> !positions.containsKey(tp)).toList());
        partitions.stream().filter(positions::containsKey).forEach(tp -> c.seek(tp, positions.get(tp)));
        partitions.forEach(tp -> positions.put(tp, c.position(tp)));
        return c;
    }

    private void close() {
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the alert feed's consumer: {}", e.toString());
            }
        }
    }

    /** Whether the feed is reading, and if not why; for /health. */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("reading", failure == null && thread != null && thread.isAlive());
        state.put("restarts", restarts.get());
        if (lastPoll != null) {
            state.put("lastPoll", lastPoll.toString());
        }
        if (failure != null) {
            state.put("reason", failure);
        } else if (thread != null && !thread.isAlive() && running) {
            state.put("reason", "the feed thread has ended");
        }
        return state;
    }

    /** New alerts from now on. */
    public Flux<Alert> live() {
        return sink.asFlux();
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.interrupt();
        }
        sink.tryEmitComplete();
    }
}
