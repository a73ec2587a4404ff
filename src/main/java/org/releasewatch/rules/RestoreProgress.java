package org.releasewatch.rules;

import jakarta.inject.Singleton;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which state stores this instance is restoring from their changelogs right now, and how many records it restored
 * since start, for {@code /health}: a rule whose store is being restored cannot alert yet. After a kill -9 with
 * transactional state stores only the changelog tail since the last commit is restored; without them, every record.
 */
@Singleton
public final class RestoreProgress implements StateRestoreListener {

    private final Map<String, Long> restoring = new ConcurrentHashMap<>();
    private final AtomicLong restored = new AtomicLong();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(store + "-" + partition.partition(), endingOffset - startingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + "-" + partition.partition());
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + "-" + partition.partition());
    }

    /** Store partitions being restored now ({@code store-partition}). */
    public int restoring() {
        return restoring.size();
    }

    /** Changelog records restored into local stores since this instance started. */
    public long restoredRecords() {
        return restored.get();
    }
}
