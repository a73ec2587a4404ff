package org.releasewatch.ops;

import org.releasewatch.config.KafkaClients;
import org.releasewatch.follow.TopicFollower;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An ops view of a topic (acks, silences, the month of releases): a {@link TopicFollower} from the topic's beginning,
 * or from some time back, handing each record's key as text and its value (null for a tombstone) to {@code apply}.
 */
final class CompactedView {

    private final TopicFollower follower;

    CompactedView(String name, KafkaClients clients, String topic, BiConsumer<String, byte[]> apply) {
        this(name, clients, topic, null, false, apply);
    }

    /**
     * @param lookBack where a first start begins: that long ago by record time; null for the topic's beginning
     * @param batched  whether its fetches wait for more records rather than return with the first
     */
    CompactedView(String name, KafkaClients clients, String topic, Duration lookBack, boolean batched,
                  BiConsumer<String, byte[]> apply) {
        TopicFollower.Reader reader = r -> apply.accept(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value());
        TopicFollower f = lookBack == null ? TopicFollower.fromBeginning(name, clients, topic, reader)
                : TopicFollower.since(name, clients, topic, lookBack, reader);
        this.follower = clients == null ? null : batched ? f.batched() : f;
    }

    /** Starts following the topic; without Kafka clients (a view fed by hand, in unit tests) it does nothing. */
    void start() {
        if (follower != null) {
            follower.start();
        }
    }

    /** Whether it is reading, and if not why; for /health. */
    Map<String, Object> state() {
        return follower == null ? new java.util.LinkedHashMap<>(Map.of("reading", false)) : follower.state();
    }

    void stop() {
        if (follower != null) {
            follower.stop();
        }
    }
}
