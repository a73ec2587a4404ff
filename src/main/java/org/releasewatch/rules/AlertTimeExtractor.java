package org.releasewatch.rules;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.releasewatch.model.Alert;

/**
 * Time of an alert read back from the alerts topic: the event time that made it fire
 * ({@code occurredAt}), not the wall-clock record timestamp. The whole topology thus runs on event
 * time: a task that reads both events and alerts (as the TopologyTestDriver's single task does) never
 * sees its stream time jump to today and drop a replayed day as later than the grace. The history
 * store keys alerts by {@code emittedAt} itself, so its retention is unaffected.
 */
public final class AlertTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Alert alert && alert.occurredAt() != null) {
            return alert.occurredAt().toEpochMilli();
        }
        return partitionTime >= 0 ? partitionTime : record.timestamp();
    }
}
