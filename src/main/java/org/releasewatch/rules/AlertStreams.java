package org.releasewatch.rules;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Starts and stops the Kafka Streams application and tracks its real state, which {@code /health}
 * reports ({@link KafkaStreams#state()} itself, not a cached "started" flag).
 */
@Context
public class AlertStreams {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStreams.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private volatile boolean reachedRunning;

    public AlertStreams(KafkaStreams streams, MeterRegistry registry) {
        this.streams = streams;
        // Kafka Streams' own metrics (threads, tasks, stores, its consumers' lag) on /prometheus
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    @PostConstruct
    void start() {
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                reachedRunning = true;
            }
            LOG.debug("Kafka Streams {} -> {}", before, now);
        });
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Has been RUNNING at least once since start (REBALANCING afterwards is routine). */
    public boolean reachedRunning() {
        return reachedRunning;
    }

    @PreDestroy
    public void close() {
        if (streams.state() != KafkaStreams.State.NOT_RUNNING) {
            // a static member that stops cleanly leaves the group, so its tasks move to the other instances at once
            // (a rolling restart) rather than after the session time-out; a killed one keeps them until it is back
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        streamsMetrics.close();
    }
}
