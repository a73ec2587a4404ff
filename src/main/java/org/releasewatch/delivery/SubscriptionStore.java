package org.releasewatch.delivery;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.follow.FollowedTopic;
import org.releasewatch.follow.TopicFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The subscriptions of every instance: the compacted subscriptions topic, followed live by a {@link TopicFollower}
 * (restarted with back-off whatever ends it; {@link #health()} says so), with the configured subscriptions
 * folded in at start-up under their stable ids. Writes go to the topic and return once this instance has read them
 * back, so an API answer and the next read agree; other instances see them within their next poll.
 */
@Context
public class SubscriptionStore implements FollowedTopic {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStore.class);
    static final Duration READ_BACK = Duration.ofSeconds(15);
    static final int MAX_SUBSCRIPTIONS = 1000;

    /** One record as this instance reads it: the subscription a worker uses, or why it cannot be used. */
    public record Entry(SubscriptionRecord record, Subscription subscription, String unusable) {

        /** A record that failed authentication: its fields are not to be trusted, nor sealed again as they stand. */
        public boolean rejected() {
            return unusable != null && unusable.startsWith(REJECTED);
        }
    }

    static final String REJECTED = "rejected: ";
    private static final int MAX_LOGGED = 10_000;

    private final KafkaClients clients;
    private final String topic;
    private final WebhookSettings settings;
    private final SubscriptionCodec codec;
    private final SubscriptionSeal seal;
    private final Counter rejectedCount;
    private final java.util.Set<String> logged = ConcurrentHashMap.newKeySet();
    /** Ids whose record was read in the v1.1 form at start-up: sealed again in the v2 form before serving. */
    private final java.util.Set<String> unsealed = ConcurrentHashMap.newKeySet();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** The records read before catching up, folded, then taken at once; only the follower's thread uses it. */
    private final Map<String, SubscriptionSeal.Opened> fresh = new LinkedHashMap<>();
    private final TopicFollower follower;
    private Producer<String, byte[]> producer;
    /** Whether the topic has been read to its end once: from then on a v1.1 record is one written late. */
    private volatile boolean loaded;
    /** Whether records are applied one by one (caught up) rather than folded into {@link #fresh}. */
    private boolean live;

    public SubscriptionStore(KafkaClients clients, TopicsConfig topics, WebhookSettings settings, SecretBox box,
                             TopicProvisioner topicsReady, MeterRegistry meters) {
        this.clients = clients;
        this.topic = topics.subscriptions();
        this.settings = settings;
        this.codec = new SubscriptionCodec(box, settings);
        this.seal = new SubscriptionSeal(box);
        this.rejectedCount = Counter.builder("releasewatch.subscriptions.rejected")
                .description("subscription records read that failed authentication").register(meters);
        this.follower = TopicFollower.fromBeginning("subscriptions-reader", clients, topic, new TopicFollower.Reader() {
            @Override
            public void record(ConsumerRecord<byte[], byte[]> record) {
                take(record);
            }

            @Override
            public void readingAgain() {
                fresh.clear();
                live = false;
            }

            @Override
            public void caughtUp() {
                takeFresh();
            }
        });
    }

    @PostConstruct
    void start() {
        Map<String, Object> props = clients.common();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-subscriptions-writer");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        follower.start();
        if (!follower.awaitCaughtUp(Duration.ofSeconds(60))) {
            Object error = follower.state().get("lastError");
            throw new IllegalStateException("the subscriptions topic " + topic + " could not be read within 60 s"
                    + (error == null ? "" : ": " + error));
        }
        resealUnsealed();
        foldInConfiguration();
    }

    /**
     * Records of the v1.1 form found at start-up are written again in the v2 form, so the topic soon holds none, and
     * any v1.1 record read after that is rejected: accepting them later would let a writer of the topic strip a
     * record's tag and change its fields. Every instance does this at its start (the same record sealed twice is
     * still the same record), so no instance has to be elected the writer.
     */
    private void resealUnsealed() {
        for (String id : List.copyOf(unsealed)) {
            Entry e = entries.get(id);
            if (e != null && !e.rejected()) {
                LOG.info("Subscription {}: sealing its record in the v{} form", id, SubscriptionSeal.VERSION);
                put(e.record());
            }
        }
    }

    /**
     * Configured subscriptions are written to the topic under their ids when the topic does not already hold the same
     * settings (a changed one replaces the record; an unchanged one keeps its state, e.g. disabled). Configured
     * records that are no longer in the configuration are removed: give every instance the same configuration.
     */
    private void foldInConfiguration() {
        List<Subscription> configured = settings.subscriptions();
        Map<String, Object> ids = new HashMap<>();
        for (int i = 0; i < configured.size(); i++) {
            String id = configured.get(i).id();
            ids.put(id, i);
            Map<String, Object> raw = settings.configured().get(i);
            Entry existing = entries.get(id);
            if (existing != null && existing.record() != null && !existing.rejected()
                    && SubscriptionRecord.ORIGIN_CONFIG.equals(existing.record().origin())
                    && codec.same(raw, existing.record())) {
                continue;
            }
            Instant now = Instant.now();
            put(codec.seal(id, SubscriptionRecord.ORIGIN_CONFIG, raw, null, SubscriptionRecord.ACTIVE, "configuration",
                    now, null));
        }
        for (Entry e : List.copyOf(entries.values())) {
            if (SubscriptionRecord.ORIGIN_CONFIG.equals(e.record().origin()) && !ids.containsKey(e.record().id())) {
                LOG.info("Subscription {} is no longer configured; removing it", e.record().id());
                delete(e.record().id());
            }
        }
    }

    /** Called (on the reader thread) after every change this instance reads. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public Optional<Entry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public Collection<Entry> all() {
        return List.copyOf(entries.values());
    }

    SubscriptionCodec codec() {
        return codec;
    }

    /** Seals a record (see {@link SubscriptionSeal}), writes it and waits until this instance has read it back. */
    public void put(SubscriptionRecord record) {
        write(record.id(), seal.seal(record));
    }

    public void delete(String id) {
        write(id, null);
    }

    private void write(String id, byte[] value) {
        RecordMetadata meta;
        try {
            meta = producer.send(new ProducerRecord<>(topic, id, value)).get(READ_BACK.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing subscription " + id);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("subscription " + id + " could not be written to " + topic + ": "
                    + cause.getClass().getSimpleName());
        }
        if (!follower.awaitPast(Map.of(new TopicPartition(topic, meta.partition()), meta.offset()), READ_BACK)) {
            throw new IllegalStateException("subscription " + id + " was written but not read back within "
                    + READ_BACK.toSeconds() + " s");
        }
    }

    /** One record: folded into {@link #fresh} until caught up, applied at once after. */
    private void take(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String id = new String(r.key(), StandardCharsets.UTF_8);
        SubscriptionSeal.Opened value = r.value() == null ? null : read(id, r);
        if (live) {
            apply(id, value);
        } else if (value == null) {
            fresh.remove(id);
        } else if (fresh.size() < MAX_SUBSCRIPTIONS || fresh.containsKey(id)) {
            fresh.put(id, value);
        }
    }

    /** Caught up: what was folded becomes the subscriptions, at once. */
    private void takeFresh() {
        Map<String, Entry> built = new HashMap<>();
        // v1.1 records are the old form only while the topic holds no v2 one: after any instance
        // sealed them, one is a stripped tag, whenever this instance happens to read it
        boolean migrated = loaded || fresh.values().stream().anyMatch(o -> !o.unsealed());
        fresh.forEach((id, rec) -> built.put(id, entry(migrated && rec.unsealed() ? late(rec) : rec)));
        fresh.clear();
        unsealed.retainAll(built.keySet());
        entries.keySet().retainAll(built.keySet());
        entries.putAll(built);
        live = true;
        loaded = true;
        notifyListeners();
    }

    private SubscriptionSeal.Opened read(String key, ConsumerRecord<byte[], byte[]> r) {
        try {
            SubscriptionSeal.Opened value = seal.open(r.value());
            if (value.record().id() == null || !value.record().id().equals(key)) {
                LOG.warn("Subscriptions topic {} offset {}: the record's id is not its key; ignored", r.partition(), r.offset());
                return null;
            }
            return value.unsealed() && loaded ? late(value) : value;
        } catch (RuntimeException e) {
            LOG.warn("Subscriptions topic {} offset {}: not a subscription ({}); ignored", r.partition(), r.offset(),
                    e.getClass().getSimpleName());
            return null;
        }
    }

    private static SubscriptionSeal.Opened late(SubscriptionSeal.Opened opened) {
        return new SubscriptionSeal.Opened(opened.record(), false, "record in the unauthenticated v1.1 form on a "
                + "topic whose records are sealed in the v" + SubscriptionSeal.VERSION + " form");
    }

    private void apply(String id, SubscriptionSeal.Opened value) {
        if (value == null) {
            entries.remove(id);
        } else if (entries.size() < MAX_SUBSCRIPTIONS || entries.containsKey(id)) {
            entries.put(id, entry(value));
        } else {
            LOG.warn("Subscription {} ignored: at most {} subscriptions are followed", id, MAX_SUBSCRIPTIONS);
        }
        notifyListeners();
    }

    private Entry entry(SubscriptionSeal.Opened opened) {
        SubscriptionRecord record = opened.record();
        if (opened.unsealed()) {
            unsealed.add(record.id());
        } else {
            unsealed.remove(record.id());
        }
        if (opened.rejected() != null) {
            // a reader restart reads every record again: each rejection is logged and counted once
            if (logged.add(record.id() + "|" + record.hashCode() + "|" + opened.rejected())) {
                if (logged.size() > MAX_LOGGED) {
                    logged.clear();
                }
                rejectedCount.increment();
                LOG.warn("Subscription {} rejected: {}; it delivers nowhere until an operator deletes and creates it "
                        + "again", record.id(), opened.rejected());
            }
            return new Entry(record, null, REJECTED + opened.rejected());
        }
        int index = -1;
        for (int i = 0; i < settings.subscriptions().size(); i++) {
            if (settings.subscriptions().get(i).id().equals(record.id())) {
                index = i;
            }
        }
        try {
            return new Entry(record, codec.subscription(record, index), null);
        } catch (WebhookSettings.InvalidWebhookConfig e) {
            return new Entry(record, null, e.field() + ": " + e.problem());
        } catch (RuntimeException e) {
            return new Entry(record, null, e.getMessage());
        }
    }

    private void notifyListeners() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.error("A subscriptions listener failed", e);
            }
        }
    }

    /** For {@code /health}: the reader's state, and the subscriptions this instance cannot use, with why. */
    @Override
    public Map<String, Object> health() {
        Map<String, Object> out = follower.state();
        out.put("subscriptions", entries.size());
        List<String> unusable = new ArrayList<>();
        entries.values().stream().filter(e -> e.unusable() != null)
                .forEach(e -> unusable.add(e.record().id() + ": " + e.unusable()));
        if (!unusable.isEmpty()) {
            out.put("unusable", unusable);
        }
        return out;
    }

    @Override
    public String healthName() {
        return "subscriptions";
    }

    /** UP once the topic is read and followed, and while every subscription can be used by this instance. */
    @Override
    public boolean up() {
        return follower.caughtUp() && follower.reading() && entries.values().stream().allMatch(e -> e.unusable() == null);
    }

    @PreDestroy
    void stop() {
        follower.stop();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
