package org.releasewatch.rules;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The watchlist is not an event stream: its records carry the time they were written, which must not
 * move the event time of the task they share with the releases (that would make every release of a
 * replayed or delayed day look later than the grace). They get the earliest time instead, which also
 * makes a buffered watchlist change apply before the releases buffered with it.
 */
public final class WatchlistTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return 0L;
    }
}
