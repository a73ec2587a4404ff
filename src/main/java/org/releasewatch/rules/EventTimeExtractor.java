package org.releasewatch.rules;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;

/**
 * Event time of the internal events and releases-by-person topics: the event's {@code occurredAt} (the record timestamp is
 * when it was ingested). A value that cannot be read keeps the partition's time.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof IngestedEvent event) {
            return event.occurredAt().toEpochMilli();
        }
        if (record.value() instanceof ReleaseEvent release) {
            return release.occurredAt().toEpochMilli();
        }
        return partitionTime >= 0 ? partitionTime : record.timestamp();
    }
}
