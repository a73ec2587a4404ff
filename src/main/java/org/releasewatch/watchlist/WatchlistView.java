package org.releasewatch.watchlist;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.IngestConfig;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.follow.FollowedTopic;
import org.releasewatch.follow.TopicFollower;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's live copy of the watchlist, for the API and the page: a {@link TopicFollower} reads the contract's
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
 * new persons beyond that are left out and counted in /health. The follower survives any single record, and any
 * failure of its consumer restarts it with back-off from where it was; {@code /health} (component
 * {@code watchlist}) is DOWN while it loads, restarts or has stopped, and says why.
 */
@Context
public class WatchlistView implements FollowedTopic {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistView.class);
    private static final int MAX_CHANGED_BY = 128;

    /** One page of a search: the persons, the sort key to continue after (or null), how many match in all. */
    public record Page(List<Listed> entries, String nextAfter, int matches) {
    }

    private final WatchlistConfig config;
    private final EventValidator validator;
    private final Map<String, Listed> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Listed> bySort = new ConcurrentSkipListMap<>();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();
    private final TopicFollower follower;

    public WatchlistView(KafkaClients clients, TopicsConfig topics, WatchlistConfig config, IngestConfig ingest,
                         TopicProvisioner topicsReady) {
        this.config = config;
        this.validator = new EventValidator(ingest.maxBytes(), ingest.maxFutureSkew(), Clock.systemUTC());
        this.follower = TopicFollower.fromBeginning("watchlist-view", clients, topics.watchlist(), new TopicFollower.Reader() {
            @Override
            public void record(ConsumerRecord<byte[], byte[]> record) {
                apply(record);
            }

            @Override
            public void readingAgain() {
                byId.clear();
                bySort.clear();
            }

            @Override
            public void caughtUp() {
                LOG.info("Watchlist view: {} persons loaded from {}", byId.size(), topics.watchlist());
            }
        });
    }

    @PostConstruct
    void start() {
        follower.start();
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
        return follower.awaitPast(offsets, timeout);
    }

    /**
     * Waits until the view has read everything committed on the topic so far, by this instance or any other
     * (before an import is compared with the list, and before a removal decides the person is unknown).
     */
    public boolean awaitCurrent(Duration timeout) {
        return follower.awaitCurrent(timeout);
    }

    // ---- health -----------------------------------------------------------------------------------------

    /** Whether the list has been read to the end (before, and while it is read again, the view holds only part of it). */
    public boolean loaded() {
        return follower.caughtUp();
    }

    public int maxEntries() {
        return config.maxEntries();
    }

    @Override
    public String healthName() {
        return "watchlist";
    }

    /** UP once the list is loaded and the follower reads the topic. */
    @Override
    public boolean up() {
        return follower.caughtUp() && follower.reading();
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> d = follower.state();
        d.put("persons", byId.size());
        d.put("maxEntries", config.maxEntries());
        d.put("ignoredRecords", ignored.get());
        if (overLimit.get() > 0) {
            d.put("personsLeftOut", overLimit.get());
        }
        if (!up() && !d.containsKey("reason")) {
            d.put("reason", "the watchlist reader is " + d.get("state"));
        }
        return d;
    }

    @PreDestroy
    void stop() {
        follower.stop();
    }
}
