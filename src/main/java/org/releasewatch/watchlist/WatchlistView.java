package org.releasewatch.watchlist;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.IngestConfig;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.ingest.validation.EventValidator;
import org.releasewatch.ingest.validation.Validated;
import org.releasewatch.model.Priority;
import org.releasewatch.model.WatchlistEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's live copy of the watchlist, for the API and the page: one thread reads the contract's
 * compacted topic {@code releasewatch.watchlist.v1} from the beginning and follows it (all partitions,
 * {@code read_committed}, no consumer group), so every instance holds the whole list.
 *
 * <p>It reads the <em>input</em> topic, not the internal validated one, and applies the ingest's own
 * {@link EventValidator} and routing rules (no key → ignored; no value → removal; invalid → ignored, as the
 * ingest dead-letters it). So it shows exactly what the ingest accepts, while keeping what the internal topic
 * loses: the {@link WatchlistHeaders who/when headers} of each change, and the input offsets a write got, which
 * is what read-your-writes waits for ({@link #awaitPast}) without depending on the ingest's lag.
 *
 * <p>Bounded: at most {@code releasewatch.watchlist.max-entries} persons (default 100 000, about 1 KiB each);
 * new persons beyond that are left out and counted in /health. The thread survives any single record, and any
 * failure of its consumer restarts it with back-off from where it was; {@code /health} (component
 * {@code watchlist}) is DOWN while it loads, restarts or has stopped, and says why.
 */
@Context
public class WatchlistView {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistView.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(60);
    private static final int MAX_CHANGED_BY = 128;

    public enum State { STARTING, LOADING, RUNNING, RESTARTING, STOPPED }

    /** One page of a search: the persons, the sort key to continue after (or null), how many match in all. */
    public record Page(List<Listed> entries, String nextAfter, int matches) {
    }

    private final KafkaClients clients;
    private final TopicsConfig topics;
    private final WatchlistConfig config;
    private final EventValidator validator;
    private final Map<String, Listed> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Listed> bySort = new ConcurrentSkipListMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final Object lifecycle = new Object();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile State state = State.STARTING;
    /** Milliseconds to wait before the next restart: doubles per failure, back to the start after a good poll. */
    private long backoff = 100;
    private volatile boolean loaded;
    private volatile String lastError;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private Admin admin;

    public WatchlistView(KafkaClients clients, TopicsConfig topics, WatchlistConfig config, IngestConfig ingest,
                         TopicProvisioner topicsReady) {
        this.clients = clients;
        this.topics = topics;
        this.config = config;
        this.validator = new EventValidator(ingest.maxBytes(), ingest.maxFutureSkew(), Clock.systemUTC());
    }

    @PostConstruct
    void start() {
        thread = new Thread(this::run, "watchlist-view");
        thread.setDaemon(true);
        thread.start();
    }

    // ---- the loop ---------------------------------------------------------------------------------------

    private void run() {
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                if (!running) {
                    break;
                }
            } catch (Throwable e) { // a view that stops quietly would show a stale list: restart instead
                if (!running) {
                    break;
                }
                state = State.RESTARTING;
                lastError = e.toString();
                restarts.incrementAndGet();
                LOG.warn("Watchlist view: {}; restarting in {} ms", e.toString(), backoff);
                synchronized (lifecycle) {
                    try {
                        lifecycle.wait(backoff); // stop() wakes it
                    } catch (InterruptedException interrupted) {
                        break;
                    }
                }
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
            }
        }
        state = State.STOPPED;
    }

    /** Reads until stopped or a failure; resumes from the positions reached so far. */
    private void follow() {
        Map<String, Object> props = clients.common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-watchlist-view-" + clients.instanceId());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> assigned = assign(c);
            Map<TopicPartition, Long> loadedAt = loaded ? Map.of() : c.endOffsets(assigned, Duration.ofSeconds(30));
            state = loaded ? State.RUNNING : State.LOADING;
            long nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(200))) {
                        apply(record);
                    }
                } catch (OffsetOutOfRangeException e) {
                    // the log start moved past where this view was (records deleted): start over from the beginning
                    LOG.warn("Watchlist view: {} ; reading the list again from the beginning", e.getMessage());
                    clear();
                    c.seekToBeginning(assigned);
                    continue;
                }
                synchronized (progress) {
                    for (TopicPartition tp : assigned) {
                        positions.put(tp, c.position(tp, Duration.ofSeconds(10)));
                    }
                    progress.notifyAll();
                }
                if (!loaded && reached(loadedAt)) {
                    loaded = true;
                    state = State.RUNNING;
                    LOG.info("Watchlist view: {} persons loaded from {}", byId.size(), topics.watchlist());
                }
                if (loaded) {
                    state = State.RUNNING;
                }
                lastError = null;
                backoff = 100;
                if (System.nanoTime() > nextPartitionCheck) {
                    nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                    try {
                        if (c.partitionsFor(topics.watchlist(), Duration.ofSeconds(10)).size() != assigned.size()) {
                            assigned = assign(c); // partitions were added: read the new ones from their beginning
                        }
                    } catch (org.apache.kafka.common.errors.TimeoutException e) {
                        // the broker is away for now; the reading goes on once it is back, and so does this check
                    }
                }
            }
        } finally {
            consumer = null;
            c.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> assign(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = c.partitionsFor(topics.watchlist(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long at = positions.get(tp);
            if (at == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, at);
            }
        }
        return partitions;
    }

    private boolean reached(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** One record, as the ingest would route it. Never throws: a record that cannot be read is ignored. */
    void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.key() == null || record.key().length == 0) {
                ignored.incrementAndGet();
                return;
            }
            String personId = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                remove(personId);
                return;
            }
            Validated<WatchlistEntry> result = validator.watchlistEntry(record.key(), record.value());
            if (!(result instanceof Validated.Valid<WatchlistEntry> valid)) {
                ignored.incrementAndGet(); // dead-lettered by the ingest; the person keeps their previous entry
                return;
            }
            put(Listed.of(valid.value(), changedBy(record), changedAt(record)));
        } catch (RuntimeException e) {
            ignored.incrementAndGet();
            LOG.debug("Watchlist view: skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
        }
    }

    private void put(Listed listed) {
        String id = listed.entry().personId();
        Listed old = byId.get(id);
        if (old == null && byId.size() >= config.maxEntries()) {
            if (overLimit.incrementAndGet() == 1) {
                LOG.warn("Watchlist view: the list has more than {} persons (releasewatch.watchlist.max-entries); "
                        + "further persons are not shown by the API (the alert rules still see them)", config.maxEntries());
            }
            return;
        }
        byId.put(id, listed);
        if (old != null) {
            bySort.remove(old.sortKey());
        }
        bySort.put(listed.sortKey(), listed);
    }

    private void remove(String personId) {
        Listed old = byId.remove(personId);
        if (old != null) {
            bySort.remove(old.sortKey());
        }
    }

    private void clear() {
        byId.clear();
        bySort.clear();
        positions.clear();
    }

    private static String changedBy(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(WatchlistHeaders.CHANGED_BY);
        if (h == null || h.value() == null) {
            return null;
        }
        String by = new String(h.value(), StandardCharsets.UTF_8);
        return by.length() > MAX_CHANGED_BY ? by.substring(0, MAX_CHANGED_BY) : by;
    }

    private static Instant changedAt(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(WatchlistHeaders.CHANGED_AT);
        if (h != null && h.value() != null) {
            try {
                return Instant.parse(new String(h.value(), StandardCharsets.UTF_8));
            } catch (DateTimeParseException ignored) {
                // a partner's header we cannot read: the record's own time below
            }
        }
        return Instant.ofEpochMilli(record.timestamp());
    }

    // ---- reading ----------------------------------------------------------------------------------------

    public Optional<Listed> get(String personId) {
        return Optional.ofNullable(byId.get(personId));
    }

    public int size() {
        return byId.size();
    }

    /** The persons whose name or id contains {@code query} (folded), of {@code priority} if given, by name. */
    public Page page(String query, Priority priority, int limit, String after) {
        String q = query == null || query.isBlank() ? null : Listed.fold(query.strip());
        Map<String, Listed> from = after == null ? bySort : bySort.tailMap(after, false);
        List<Listed> page = new ArrayList<>(limit);
        String nextAfter = null;
        for (Listed l : from.values()) {
            if (matches(l, q, priority)) {
                if (page.size() == limit) {
                    nextAfter = page.get(page.size() - 1).sortKey();
                    break;
                }
                page.add(l);
            }
        }
        int matches = q == null && priority == null ? bySort.size()
                : (int) bySort.values().stream().filter(l -> matches(l, q, priority)).count();
        return new Page(List.copyOf(page), nextAfter, matches);
    }

    private static boolean matches(Listed l, String folded, Priority priority) {
        return (folded == null || l.searchText().contains(folded)) && (priority == null || l.entry().priority() == priority);
    }

    /** Every person, by name. */
    public List<Listed> all() {
        return List.copyOf(bySort.values());
    }

    /** Every person's entry by id (a copy, for an import's plan). */
    public Map<String, WatchlistEntry> entries() {
        Map<String, WatchlistEntry> out = new HashMap<>(byId.size() * 2);
        byId.forEach((id, l) -> out.put(id, l.entry()));
        return out;
    }

    // ---- read-your-writes -------------------------------------------------------------------------------

    /** Waits until the view has read past each of {@code offsets} (the last offset a write got per partition). */
    public boolean awaitPast(Map<TopicPartition, Long> offsets, Duration timeout) {
        Map<TopicPartition, Long> next = new HashMap<>();
        offsets.forEach((tp, offset) -> next.put(tp, offset + 1));
        return awaitReached(next, timeout);
    }

    /**
     * Waits until the view has read everything committed on the topic so far, by this instance or any other
     * (before an import is compared with the list, and before a removal decides the person is unknown).
     */
    public boolean awaitCurrent(Duration timeout) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin().describeTopics(List.of(topics.watchlist())).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topics.watchlist()).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topics.watchlist(), p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            return awaitReached(end, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.debug("Watchlist view: cannot read the end of {}: {}", topics.watchlist(), e.toString());
            return false;
        }
    }

    private boolean awaitReached(Map<TopicPartition, Long> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!reached(wanted)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = clients.common();
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-watchlist-view-admin-" + clients.instanceId());
            admin = Admin.create(props);
        }
        return admin;
    }

    // ---- health -----------------------------------------------------------------------------------------

    /** Whether the list has been read to the end once (before, the view holds only part of it). */
    public boolean loaded() {
        return loaded;
    }

    public int maxEntries() {
        return config.maxEntries();
    }

    /** UP once the list is loaded and the thread follows the topic. */
    public boolean up() {
        return loaded && state == State.RUNNING && thread != null && thread.isAlive();
    }

    public Map<String, Object> details() {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("state", thread != null && !thread.isAlive() && running ? "DEAD" : state.name());
        d.put("topic", topics.watchlist());
        d.put("persons", byId.size());
        d.put("maxEntries", config.maxEntries());
        d.put("ignoredRecords", ignored.get());
        d.put("restarts", restarts.get());
        if (overLimit.get() > 0) {
            d.put("personsLeftOut", overLimit.get());
        }
        String error = lastError;
        if (!up()) {
            d.put("reason", switch (state) {
                case STARTING, LOADING -> "loading the watchlist from " + topics.watchlist();
                case RESTARTING -> "the watchlist reader failed and is restarting: " + error;
                case STOPPED -> "the watchlist reader has stopped";
                case RUNNING -> thread != null && !thread.isAlive() ? "the watchlist reader thread has died" : "loading";
            });
        }
        return d;
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        synchronized (lifecycle) {
            lifecycle.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
    }
}
