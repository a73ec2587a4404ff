package org.releasewatch.rules;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Order;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts and stops the Kafka Streams application and tracks its real state, which {@code /health}
 * reports ({@link KafkaStreams#state()} itself, not a cached "started" flag).
 *
 * <p>After a restart the rules are the longest path to the first alert: {@link KafkaStreams#start()} opens every
 * state store found on disk before its threads join the group, then the assigned tasks restore. So this bean is the
 * first of the eagerly created ones ({@link Order}), and the start runs on a thread of its own while the rest of the
 * context (followers, webhooks, ingest, HTTP) starts beside it.
 */
@Context
@Order(AlertStreams.FIRST)
public class AlertStreams {

    /** Before every other {@code @Context} bean (they have the default order, 0). */
    static final int FIRST = -1000;

    private static final Logger LOG = LoggerFactory.getLogger(AlertStreams.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private volatile boolean reachedRunning;
    private volatile Throwable startFailure;
    private volatile Thread starting;

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
            // a handful of lines per start and per rebalance: how long a start or a handover took, read from the log
            LOG.info("Kafka Streams {} -> {}", before, now);
        });
        starting = new Thread(this::startStreams, "streams-start");
        starting.setDaemon(true);
        starting.start();
    }

    private void startStreams() {
        long begin = System.nanoTime();
        LOG.info("Kafka Streams starting");
        try {
            streams.start();
            LOG.info("Kafka Streams started its threads in {} ms (after opening the stores found on disk)",
                    (System.nanoTime() - begin) / 1_000_000);
        } catch (RuntimeException e) {
            // the context is up without the rules: /health says why (StreamsHealthIndicator) instead of "starting"
            startFailure = e;
            LOG.error("Kafka Streams failed to start; the rules will not alert", e);
        }
    }

    /** Why {@link KafkaStreams#start()} failed, or null. */
    public Throwable startFailure() {
        return startFailure;
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
        awaitStarted();
        if (streams.state() != KafkaStreams.State.NOT_RUNNING) {
            // a static member that stops cleanly leaves the group, so its tasks move to the other instances at once
            // (a rolling restart) rather than after the session time-out; a killed one keeps them until it is back
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        streamsMetrics.close();
    }

    /**
     * Once {@link #close()} has begun (in another thread): the numbers of this instance's stream threads, which name
     * their static group members ({@code <instance-id>-streams-<n>}); empty if Kafka Streams is not closing within 2 s.
     */
    public List<Integer> closingThreadNumbers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (streams.state() != KafkaStreams.State.PENDING_SHUTDOWN && streams.state() != KafkaStreams.State.NOT_RUNNING) {
            if (System.nanoTime() > deadline) {
                return List.of();
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return streams.metadataForLocalThreads().stream()
                .map(t -> t.threadName().substring(t.threadName().lastIndexOf('-') + 1))
                .filter(n -> n.chars().allMatch(Character::isDigit) && !n.isEmpty())
                .map(Integer::valueOf).toList();
    }

    /** A stop during the start waits for it: closing Kafka Streams while it opens its stores would race it. */
    private void awaitStarted() {
        Thread thread = starting;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
