package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.Function;

/** A state store's value serde over its value's own binary write and read; null (a delete) passes through. */
abstract class StoreValueSerde<T> implements Serde<T> {

    private final Function<T, byte[]> write;
    private final Function<byte[], T> read;

    StoreValueSerde(Function<T, byte[]> write, Function<byte[], T> read) {
        this.write = write;
        this.read = read;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read.apply(bytes);
    }
}
