package org.releasewatch.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which alerts of a subscription are still on their way (delivering, waiting for a retry, or being
 * dead-lettered), per partition. The committable offset of a partition is its lowest pending offset,
 * or the next offset after the last one read when nothing is pending — so a restart re-reads, and
 * re-delivers, everything not yet delivered or dead-lettered. Thread-safe.
 */
final class PendingOffsets {

    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** The record at {@code offset} was read; {@code inFlight} if it still has to be delivered. */
    synchronized void read(TopicPartition tp, long offset, boolean inFlight) {
        if (inFlight) {
            pending.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
        }
        next.merge(tp, offset + 1, Math::max);
    }

    synchronized void done(TopicPartition tp, long offset) {
        TreeSet<Long> set = pending.get(tp);
        if (set != null) {
            set.remove(offset);
        }
    }

    synchronized int inFlight() {
        return pending.values().stream().mapToInt(TreeSet::size).sum();
    }

    /** Offsets to commit that moved since the last call (empty if nothing moved). */
    synchronized Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, nextOffset) -> {
            TreeSet<Long> set = pending.get(tp);
            long offset = set == null || set.isEmpty() ? nextOffset : set.first();
            if (!Long.valueOf(offset).equals(committed.get(tp))) {
                out.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return out;
    }

    synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
    }

    /** Forget partitions this consumer no longer owns (their new owner re-reads from the committed offset). */
    synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            pending.remove(tp);
            next.remove(tp);
            committed.remove(tp);
        });
    }

    /** Forget everything: a new consumer starts from the committed offsets. */
    synchronized void forgetAll() {
        pending.clear();
        next.clear();
        committed.clear();
    }
}
