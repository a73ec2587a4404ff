package org.releasewatch.delivery;

import org.apache.kafka.common.TopicPartition;

/**
 * One alert record a subscription's worker has read and must finish with (deliver or dead-letter): the alert as far as
 * the worker reads it, its exact bytes, where it was read, and the {@link Replay} it belongs to (null: read by the
 * worker's own consumer, so its offset is committed once it is finished).
 */
record ReadAlert(AlertFields alert, byte[] body, TopicPartition tp, long offset, Replay replay) {

    boolean replayed() {
        return replay != null;
    }
}
