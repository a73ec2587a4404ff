package org.releasewatch.delivery;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * The subscriptions of every instance: the compacted subscriptions topic, followed live by a reader thread of its
 * own (restarted with back-off whatever ends it; {@link #health()} says so), with the configured subscriptions
 * folded in at start-up under their stable ids. Writes go to the topic and return once this instance has read them
 * back, so an API answer and the next read agree; other instances see them within their next poll.
 */
@Context
public class SubscriptionStore {

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
    private final Map<Integer, Long> readUpTo = new ConcurrentHashMap<>();
    private final Object readLock = new Object();
    private Producer<String, byte[]> producer;
    private Thread reader;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean loaded;
    private volatile String state = "starting";
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public SubscriptionStore(KafkaClients clients, TopicsConfig topics, WebhookSettings settings, SecretBox box,
                             TopicProvisioner topicsReady, MeterRegistry meters) {
        this.clients = clients;
        this.topic = topics.subscriptions();
        this.settings = settings;
        this.codec = new SubscriptionCodec(box, settings);
        this.seal = new SubscriptionSeal(box);
        this.rejectedCount = Counter.builder("releasewatch.subscriptions.rejected")
                .description("subscription records read that failed authentication").register(meters);
    }

    @PostConstruct
    void start() {
        Map<String, Object> props = clients.common();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-subscriptions-writer");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        reader = new Thread(this::follow, "subscriptions-reader");
        reader.setDaemon(true);
        reader.start();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        synchronized (readLock) {
            while (!loaded && System.nanoTime() < until) {
                try {
                    readLock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (!loaded) {
            throw new IllegalStateException("the subscriptions topic " + topic + " could not be read within 60 s"
                    + (lastError == null ? "" : ": " + lastError));
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
        long until = System.nanoTime() + READ_BACK.toNanos();
        synchronized (readLock) {
            while (readUpTo.getOrDefault(meta.partition(), -1L) < meta.offset()) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("subscription " + id + " was written but not read back within "
                            + READ_BACK.toSeconds() + " s");
                }
                try {
                    readLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The reading loop, restarted after a back-off (1 s doubling to 1 min) whatever ends it. */
    private void follow() {
        Duration delay = Duration.ofSeconds(1);
        while (running) {
            try {
                readAll();
            } catch (Throwable e) { // NOPMD: nothing may end this thread but stop()
                if (!running) {
                    break;
                }
                lastError = e.toString();
                lastErrorAt = Instant.now();
                state = "restarting";
                LOG.error("The subscriptions reader stopped; restarting it in {} ms", delay.toMillis(), e);
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = delay.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : delay.multipliedBy(2);
            }
        }
        state = "stopped";
    }

    private void readAll() {
        Map<String, Object> props = clients.common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-subscriptions-reader");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            // a restart reads everything again into a fresh map: a removal missed meanwhile is not kept
            Map<String, SubscriptionSeal.Opened> fresh = new LinkedHashMap<>();
            boolean caughtUp = false;
            while (running) {
                var records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.key() == null) {
                        continue;
                    }
                    SubscriptionSeal.Opened value = r.value() == null ? null : read(r);
                    if (caughtUp) {
                        apply(r.key(), value);
                    } else if (value == null) {
                        fresh.remove(r.key());
                    } else if (fresh.size() < MAX_SUBSCRIPTIONS || fresh.containsKey(r.key())) {
                        fresh.put(r.key(), value);
                    }
                }
                if (!caughtUp && partitions.stream().allMatch(tp -> c.position(tp) >= end.getOrDefault(tp, 0L))) {
                    caughtUp = true;
                    Map<String, Entry> built = new HashMap<>();
                    // v1.1 records are the old form only while the topic holds no v2 one: after any instance
                    // sealed them, one is a stripped tag, whenever this instance happens to read it
                    boolean migrated = loaded || fresh.values().stream().anyMatch(o -> !o.unsealed());
                    fresh.forEach((id, rec) -> built.put(id, entry(migrated && rec.unsealed() ? late(rec) : rec)));
                    unsealed.retainAll(built.keySet());
                    entries.keySet().retainAll(built.keySet());
                    entries.putAll(built);
                    notifyListeners();
                }
                state = caughtUp ? "running" : "loading";
                synchronized (readLock) {
                    for (TopicPartition tp : partitions) {
                        readUpTo.put(tp.partition(), c.position(tp) - 1);
                    }
                    if (caughtUp) {
                        loaded = true;
                    }
                    readLock.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer = null;
        }
    }

    private SubscriptionSeal.Opened read(ConsumerRecord<String, byte[]> r) {
        try {
            SubscriptionSeal.Opened value = seal.open(r.value());
            if (value.record().id() == null || !value.record().id().equals(r.key())) {
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
    public Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", topic);
        out.put("state", state);
        out.put("subscriptions", entries.size());
        if (lastError != null) {
            out.put("lastError", lastError);
            out.put("lastErrorAt", String.valueOf(lastErrorAt));
        }
        List<String> unusable = new ArrayList<>();
        entries.values().stream().filter(e -> e.unusable() != null)
                .forEach(e -> unusable.add(e.record().id() + ": " + e.unusable()));
        if (!unusable.isEmpty()) {
            out.put("unusable", unusable);
        }
        return out;
    }

    public boolean healthy() {
        return "running".equals(state) && entries.values().stream().allMatch(e -> e.unusable() == null);
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
