package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What {@link AlertOnce} remembers of an emitted alert id ({@link AlertTopology#ALERT_IDS_STORE}): the alert's event
 * time and the store key of the clock it expires by ({@code country:BY}, {@code person:viasna:1}). Written as the event
 * time (8 bytes, big-endian, as the {@code Long} values before it) followed by the clock's key in UTF-8; a value of 8
 * bytes alone was written before clocks per country and expires by the task's clock of then
 * ({@link RuleClock#TASK_CLOCK_BEFORE}).
 */
record EmittedId(long at, String clock) {

    static Serde<EmittedId> serde() {
        Serializer<EmittedId> serializer = (topic, id) -> {
            if (id == null) {
                return null;
            }
            byte[] clock = id.clock().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(8 + clock.length).putLong(id.at()).put(clock).array();
        };
        Deserializer<EmittedId> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long at = buffer.getLong();
            return new EmittedId(at, bytes.length == 8 ? RuleClock.TASK_CLOCK_BEFORE
                    : new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
