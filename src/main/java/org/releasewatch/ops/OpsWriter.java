package org.releasewatch.ops;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasewatch.broker.WriteUnavailable;
import org.releasewatch.config.KafkaClients;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes acks and silences, waiting for the broker: an operator is told "done" only once it is stored. */
@Singleton
public class OpsWriter {

    private final KafkaClients clients;
    private volatile KafkaProducer<String, byte[]> producer;

    public OpsWriter(KafkaClients clients) {
        this.clients = clients;
    }

    void write(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteUnavailable("interrupted while writing to " + topic + "; nothing was recorded, try again");
        } catch (ExecutionException | TimeoutException e) {
            throw new WriteUnavailable("cannot write to " + topic + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.toString()) + "; nothing was recorded, try again");
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = clients.common();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-ops-" + clients.instanceId());
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
