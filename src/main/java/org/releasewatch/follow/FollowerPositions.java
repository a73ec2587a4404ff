package org.releasewatch.follow;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.releasewatch.config.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How far a {@link TopicFollower} has read: the next offset per partition and whether it has caught up, written by
 * its thread, waited on by readers that need their own write (or everyone's) to be in the view first.
 */
final class FollowerPositions {

    private static final Logger LOG = LoggerFactory.getLogger(FollowerPositions.class);

    private final String name;
    private final KafkaClients clients;
    private final String topic;
    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile boolean caughtUp;
    private Admin admin;

    FollowerPositions(String name, KafkaClients clients, String topic) {
        this.name = name;
        this.clients = clients;
        this.topic = topic;
    }

    boolean holds(TopicPartition tp) {
        return next.containsKey(tp);
    }

    long at(TopicPartition tp) {
        return next.get(tp);
    }

    /** Positions reached after a poll (or placed on assignment): wakes whoever waits for them. */
    void advance(Map<TopicPartition, Long> reached) {
        synchronized (progress) {
            next.putAll(reached);
            progress.notifyAll();
        }
    }

    /** Everything is read again from the start: nothing counts as read. */
    void clear() {
        synchronized (progress) {
            next.clear();
            caughtUp = false;
        }
    }

    boolean caughtUp() {
        return caughtUp;
    }

    void caughtUp(boolean now) {
        synchronized (progress) {
            caughtUp = now;
            progress.notifyAll();
        }
    }

    boolean reached(Map<TopicPartition, Long> wanted) {
        return wanted.entrySet().stream().allMatch(e -> next.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!caughtUp) {
                if (!waitUntil(deadline)) {
                    return false;
                }
            }
            return true;
        }
    }

    boolean awaitPast(Map<TopicPartition, Long> offsets, Duration timeout) {
        Map<TopicPartition, Long> after = new HashMap<>();
        offsets.forEach((tp, offset) -> after.put(tp, offset + 1));
        return awaitReached(after, timeout);
    }

    boolean awaitCurrent(Duration timeout) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin().describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            return awaitReached(end, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.debug("{}: cannot read the end of {}: {}", name, topic, e.toString());
            return false;
        }
    }

    private boolean awaitReached(Map<TopicPartition, Long> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!reached(wanted)) {
                if (!waitUntil(deadline)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits on {@code progress} (held) until woken or the deadline; false once the deadline has passed. */
    private boolean waitUntil(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return false;
        }
        try {
            progress.wait(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = clients.common();
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-" + name + "-admin-" + clients.instanceId());
            admin = Admin.create(props);
        }
        return admin;
    }

    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
