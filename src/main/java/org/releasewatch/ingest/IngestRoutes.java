package org.releasewatch.ingest;

import io.micronaut.context.annotation.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.IngestConfig;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.RecordSizes;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.ingest.TransactionalForwarder.Routed;
import org.releasewatch.ingest.validation.EventValidator;
import org.releasewatch.ingest.validation.Validated;
import org.releasewatch.json.Json;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.InternalHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides where each input record goes — valid events to the internal topics, keyed for the
 * topology, everything else to the DLQ — and makes the transactional forwarders that write them.
 * Depends on {@link TopicProvisioner} so the topics exist before any listener subscribes.
 */
@Context
public class IngestRoutes {

    private final TopicsConfig topics;
    private final KafkaClients clients;
    private final IngestMetrics metrics;
    private final EventValidator validator;

    public IngestRoutes(TopicsConfig topics, KafkaClients clients, IngestMetrics metrics, IngestConfig ingest,
                        TopicProvisioner topicsReady) {
        this.topics = topics;
        this.clients = clients;
        this.metrics = metrics;
        RecordSizes.checkIngestLimit(ingest.maxBytes());
        this.validator = new EventValidator(ingest.maxBytes(), ingest.maxFutureSkew(), Clock.systemUTC());
    }

    /**
     * A release: valid → internal events topic keyed by country and internal releases-by-person keyed by person id,
     * in one transaction and the same binary form ({@link EventCodec}); invalid → DLQ.
     */
    public Routed release(ConsumerRecord<byte[], byte[]> in) {
        return route(in, validator.release(in.value()), release -> {
            Routed byCountry = event(IngestedEvent.of(release));
            ProducerRecord<byte[], byte[]> byPerson = new ProducerRecord<>(topics.internalReleasesByPerson(),
                    release.person().id().getBytes(StandardCharsets.UTF_8), byCountry.output().value());
            byPerson.headers().add(byCountry.output().headers().lastHeader(InternalHeaders.INGESTED_AT));
            return new Routed(byCountry.output(), false, byPerson);
        });
    }

    /** A sanctions change: valid → internal events topic keyed by target country; invalid → DLQ. */
    public Routed sanction(ConsumerRecord<byte[], byte[]> in) {
        return route(in, validator.sanction(in.value()), sanction -> event(IngestedEvent.of(sanction)));
    }

    /** A watchlist change: a valid entry or a tombstone → internal watchlist topic; invalid → DLQ. */
    public Routed watchlist(ConsumerRecord<byte[], byte[]> in) {
        if (in.key() == null || in.key().length == 0) {
            return deadLetter(in, "key: is required (the person id the entry is about)");
        }
        if (in.value() == null) {
            return new Routed(new ProducerRecord<>(topics.internalWatchlist(), in.key(), null), false);
        }
        return route(in, validator.watchlistEntry(in.key(), in.value()), entry -> new Routed(
                new ProducerRecord<>(topics.internalWatchlist(), in.key(), Json.bytes(entry)), false));
    }

    private <T> Routed route(ConsumerRecord<byte[], byte[]> in, Validated<T> result, Function<T, Routed> onValid) {
        if (result instanceof Validated.Valid<T> valid) {
            return onValid.apply(valid.value());
        }
        return deadLetter(in, ((Validated.Invalid<T>) result).error());
    }

    private Routed event(IngestedEvent event) {
        byte[] key = event.country().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.internalEvents(), key, EventCodec.write(event));
        record.headers().add(InternalHeaders.INGESTED_AT,
                String.valueOf(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
        return new Routed(record, false);
    }

    private Routed deadLetter(ConsumerRecord<byte[], byte[]> in, String error) {
        return new Routed(DeadLetters.of(topics.dlq(), in, error), true);
    }

    /** A forwarder with its own transactional producer, for one listener's consumer thread. */
    public TransactionalForwarder forwarder(String listener) {
        return new TransactionalForwarder(listener, () -> {
            Map<String, Object> props = clients.transactional();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    clients.applicationId() + "-ingest-" + listener + "-" + clients.instanceId());
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizes.MAX_RECORD_BYTES);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-ingest-" + listener);
            return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }, metrics, RecordSizes.MAX_RECORD_BYTES, (in, reason) -> DeadLetters.of(topics.dlq(), in, reason)).open();
    }
}
