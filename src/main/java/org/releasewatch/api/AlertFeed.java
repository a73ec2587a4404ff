package org.releasewatch.api;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.follow.FollowedTopic;
import org.releasewatch.follow.TopicFollower;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.rules.MicrometerRuleMetrics;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Map;

/**
 * Every new alert, as soon as it is committed on the alerts topic: this instance follows all partitions itself
 * from the end ({@link TopicFollower}), so each instance's live feed is complete. Subscribers that are too slow miss
 * live alerts rather than slow the feed down; they can reconnect with {@code Last-Event-ID} and get them from the
 * history. A failure never ends the feed: it is logged, shown in /health ({@code alertFeed}) and reading resumes
 * after a back-off.
 */
@Context
public class AlertFeed implements FollowedTopic {

    private final Sinks.Many<Alert> sink = Sinks.many().multicast().directBestEffort();
    private final MicrometerRuleMetrics metrics;
    private final TopicFollower follower;

    public AlertFeed(KafkaClients clients, TopicsConfig topics, MicrometerRuleMetrics metrics, TopicProvisioner topicsReady) {
        this.metrics = metrics;
        this.follower = TopicFollower.fromEnd("alert-feed", clients, topics.alerts(), this::take);
    }

    @PostConstruct
    void start() {
        follower.start();
    }

    /** One alert record; one that is not an alert is skipped and counted by the follower. */
    private void take(ConsumerRecord<byte[], byte[]> record) {
        Alert alert = Json.read(record.value(), Alert.class);
        metrics.alertVisible(alert);
        sink.tryEmitNext(alert);
    }

    @Override
    public String healthName() {
        return "alertFeed";
    }

    @Override
    public boolean up() {
        return follower.reading();
    }

    @Override
    public Map<String, Object> health() {
        return follower.state();
    }

    /** New alerts from now on. */
    public Flux<Alert> live() {
        return sink.asFlux();
    }

    @PreDestroy
    void stop() {
        follower.stop();
        sink.tryEmitComplete();
    }
}
