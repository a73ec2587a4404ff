package org.releasewatch.api;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.List;
import java.util.Map;

/**
 * Every new alert, as soon as it is committed on the alerts topic: this instance reads all partitions
 * itself ({@code read_committed}, no consumer group, from the end), so each instance's live feed is
 * complete. Subscribers that are too slow miss live alerts rather than slow the feed down; they can
 * reconnect with {@code Last-Event-ID} and get them from the history.
 */
@Context
public class AlertFeed {

    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

    private final KafkaClients clients;
    private final TopicsConfig topics;
    private final Sinks.Many<Alert> sink = Sinks.many().multicast().directBestEffort();
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean running = true;

    private final MicrometerRuleMetrics metrics;

    public AlertFeed(KafkaClients clients, TopicsConfig topics, MicrometerRuleMetrics metrics, TopicProvisioner topicsReady) {
        this.clients = clients;
        this.topics = topics;
        this.metrics = metrics;
    }

    @PostConstruct
    void start() {
        Map<String, Object> props = clients.common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-alert-feed-" + clients.instanceId());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topics.alerts(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "alert-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
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
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** New alerts from now on. */
    public Flux<Alert> live() {
        return sink.asFlux();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        sink.tryEmitComplete();
    }
}
