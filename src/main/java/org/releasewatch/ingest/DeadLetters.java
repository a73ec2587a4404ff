package org.releasewatch.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * The contract's dead-letter record: the input key and value byte for byte, the input's own headers,
 * and four headers that say why and where from.
 */
public final class DeadLetters {

    public static final String ERROR = "releasewatch.error";
    public static final String SOURCE_TOPIC = "releasewatch.source.topic";
    public static final String SOURCE_PARTITION = "releasewatch.source.partition";
    public static final String SOURCE_OFFSET = "releasewatch.source.offset";

    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> of(String dlqTopic, ConsumerRecord<byte[], byte[]> input, String error) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : input.headers()) {
            if (!h.key().startsWith("releasewatch.")) {
                headers.add(h);
            }
        }
        headers.add(ERROR, utf8(error));
        headers.add(SOURCE_TOPIC, utf8(input.topic()));
        headers.add(SOURCE_PARTITION, utf8(String.valueOf(input.partition())));
        headers.add(SOURCE_OFFSET, utf8(String.valueOf(input.offset())));
        return new ProducerRecord<>(dlqTopic, null, null, input.key(), input.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
