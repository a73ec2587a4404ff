package org.releasewatch.follow;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.releasewatch.config.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows one topic into this instance's memory: every partition, {@code read_committed}, no consumer group, on a
 * thread of its own, handing each record to a {@link Reader}. What every in-memory view of a topic needs, in one place:
 * <ul>
 *   <li>a start: the topic's beginning (a view that folds the topic), its end (a live feed) or some time back;</li>
 *   <li>a caught-up signal: {@link #caughtUp()} once it has read what the topic held when reading began;</li>
 *   <li>read-your-writes: {@link #awaitPast} and {@link #awaitCurrent} wait until it has read past given offsets;</li>
 *   <li>records deleted (retention) past where it was: a fold reads the whole topic again, a feed goes on from the
 *       earliest record left; either way it says so in {@link #state()} and the log;</li>
 *   <li>partitions added while it follows: found within {@link #partitionCheck(Duration) the partition check} and
 *       read from their beginning;</li>
 *   <li>a record its reader cannot take is skipped and counted; any other failure restarts its consumer after a
 *       back-off (500 ms doubling to 30 s) from where it was, and shows in {@link #state()} until a poll succeeds.</li>
 * </ul>
 * Keys and values are handed over as bytes: each reader decodes them as its topic's contract says.
 */
public final class TopicFollower {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration PARTITION_CHECK = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Fetches of a view that may lag by half a second: they wait for 64 KiB or 500 ms. A view that follows every
     * release otherwise fetched once per ingest transaction, a hundred times a second at 1 000 events/s.
     */
    static final int BATCHED_FETCH_BYTES = 64 * 1024;
    static final int BATCHED_FETCH_WAIT_MS = 500;

    /** What the follower hands its records to; called on the follower's thread only. */
    public interface Reader {

        /** One record (value null for a tombstone). A RuntimeException skips the record: it is counted and logged. */
        void record(ConsumerRecord<byte[], byte[]> record);

        /** Records were deleted before they were read: drop what is held, the whole topic is read again. */
        default void readingAgain() {
        }

        /** Everything the topic held when reading (or reading again) began has been read. */
        default void caughtUp() {
        }
    }

    /** Where reading begins on a partition it has not read before (a partition added later: its beginning). */
    public enum Start { BEGINNING, END, SINCE }

    public enum Phase { STARTING, LOADING, RUNNING, RESTARTING, STOPPED }

    private final String name;
    private final KafkaClients clients;
    private final String topic;
    private final Start start;
    private final Duration lookBack;
    private final Reader reader;
    private boolean batched;
    private Duration partitionCheck = PARTITION_CHECK;

    private final FollowerPositions positions;
    /** The end offsets to reach before {@link #caughtUp}; only the follower's thread uses it. */
    private final Map<TopicPartition, Long> target = new HashMap<>();
    private final Object lifecycle = new Object();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private volatile Phase phase = Phase.STARTING;
    private volatile boolean running = true;
    private volatile boolean placed;
    private volatile String failing;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String lastReset;
    private volatile Instant lastPoll;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Duration backoff = FIRST_BACKOFF;
    private Thread thread;

    private TopicFollower(String name, KafkaClients clients, String topic, Start start, Duration lookBack, Reader reader) {
        this.name = name;
        this.clients = clients;
        this.topic = topic;
        this.start = start;
        this.lookBack = lookBack;
        this.reader = reader;
        this.positions = new FollowerPositions(name, clients, topic);
    }

    /** A view that folds the whole topic: from its beginning. */
    public static TopicFollower fromBeginning(String name, KafkaClients clients, String topic, Reader reader) {
        return new TopicFollower(name, clients, topic, Start.BEGINNING, null, reader);
    }

    /** A live feed: what is written from now on. */
    public static TopicFollower fromEnd(String name, KafkaClients clients, String topic, Reader reader) {
        return new TopicFollower(name, clients, topic, Start.END, null, reader);
    }

    /** A window: records from {@code lookBack} ago by record time (only what comes, where none is that recent). */
    public static TopicFollower since(String name, KafkaClients clients, String topic, Duration lookBack, Reader reader) {
        return new TopicFollower(name, clients, topic, Start.SINCE, lookBack, reader);
    }

    /** Fetches wait for more records ({@link #BATCHED_FETCH_BYTES}, at most {@link #BATCHED_FETCH_WAIT_MS}). Before start. */
    public TopicFollower batched() {
        this.batched = true;
        return this;
    }

    /** How often it looks for partitions added to the topic (default 10 s). Before start. */
    public TopicFollower partitionCheck(Duration every) {
        this.partitionCheck = every;
        return this;
    }

    public String topic() {
        return topic;
    }

    public void start() {
        thread = new Thread(this::run, name + "-follower");
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
                failed(e);
            } catch (Throwable e) { // NOPMD: a view that stops quietly shows stale data: nothing but stop() ends it
                if (!running) {
                    break;
                }
                failed(e);
            }
        }
        phase = Phase.STOPPED;
    }

    private void failed(Throwable e) {
        String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        failing = why;
        lastError = why;
        lastErrorAt = Instant.now();
        phase = Phase.RESTARTING;
        restarts.incrementAndGet();
        LOG.warn("{}: reading {} failed ({}); reading again in {} ms", name, topic, why, backoff.toMillis(), e);
        synchronized (lifecycle) {
            try {
                lifecycle.wait(backoff.toMillis()); // stop() wakes it
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    /** Reads until stopped or a failure; goes on from the positions reached so far. */
    private void follow() {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerSettings(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer = c;
        try {
            if (!running) {
                return;
            }
            List<TopicPartition> assigned = assign(c, partitions(c));
            long nextCheck = System.nanoTime() + partitionCheck.toNanos();
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(Duration.ofMillis(200));
                } catch (OffsetOutOfRangeException e) {
                    reset(c, assigned, e.offsetOutOfRangePartitions());
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    hand(record);
                }
                advance(c, assigned);
                if (System.nanoTime() > nextCheck) {
                    nextCheck = System.nanoTime() + partitionCheck.toNanos();
                    assigned = grown(c, assigned);
                }
            }
        } finally {
            consumer = null;
            try {
                c.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the consumer: {}", name, e.toString());
            }
        }
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> props = clients.common();
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a position the log no longer holds is an exception here, handled by reset(), never a silent jump
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-" + name + "-" + clients.instanceId());
        // partitionsFor answers from the metadata cache: it must be no older than the partition check
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) partitionCheck.toMillis());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, batched ? BATCHED_FETCH_WAIT_MS : 100);
        if (batched) {
            props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, BATCHED_FETCH_BYTES);
        }
        return props;
    }

    private void hand(ConsumerRecord<byte[], byte[]> record) {
        try {
            reader.record(record);
        } catch (RuntimeException | StackOverflowError e) {
            long n = skipped.incrementAndGet();
            // a topic full of bad records must not fill the log: the 1st, 2nd, 4th, 8th ... at WARN
            (Long.bitCount(n) == 1 ? LOG.atWarn() : LOG.atDebug()).log(
                    "{}: skipping a record it cannot take at {}-{}@{} ({} skipped so far): {}", name, record.topic(),
                    record.partition(), record.offset(), n, e.toString());
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, CALL_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("the topic " + topic + " does not exist (yet)");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Assigns {@code partitions}: each where it was, or where a partition it has not read begins. */
    private List<TopicPartition> assign(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        c.assign(partitions);
        List<TopicPartition> fresh = partitions.stream().filter(tp -> !positions.holds(tp)).toList();
        if (!placed && start == Start.END) {
            seekToEnd(c, fresh);
        } else if (!placed && start == Start.SINCE) {
            seekSince(c, fresh);
        } else {
            seekToBeginning(c, fresh); // a fold, or a partition added since it began: all its records are new
        }
        partitions.stream().filter(positions::holds).forEach(tp -> c.seek(tp, positions.at(tp)));
        if (!positions.caughtUp()) {
            List<TopicPartition> untargeted = partitions.stream().filter(tp -> !target.containsKey(tp)).toList();
            if (!untargeted.isEmpty()) {
                target.putAll(c.endOffsets(untargeted, CALL_TIMEOUT));
            }
        }
        // held from here: a reconnect goes on where this one was, not at a new end
        positions.advance(reachedBy(c, partitions));
        placed = true;
        return partitions;
    }

    private void seekSince(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> fresh) {
        long since = System.currentTimeMillis() - lookBack.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        fresh.forEach(tp -> times.put(tp, since));
        List<TopicPartition> none = new ArrayList<>();
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(times, CALL_TIMEOUT);
        for (TopicPartition tp : fresh) {
            OffsetAndTimestamp at = found.get(tp);
            if (at == null) {
                none.add(tp); // nothing that recent: only what comes
            } else {
                c.seek(tp, at.offset());
            }
        }
        seekToEnd(c, none);
    }

    // the consumer's seekToBeginning and seekToEnd take an empty list for "every assigned partition": never pass one
    private static void seekToBeginning(KafkaConsumer<byte[], byte[]> c, java.util.Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            c.seekToBeginning(partitions);
        }
    }

    private static void seekToEnd(KafkaConsumer<byte[], byte[]> c, java.util.Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            c.seekToEnd(partitions);
        }
    }

    /** After a poll: the positions reached (waiters woken), the caught-up signal, and the phase. */
    private void advance(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> assigned) {
        positions.advance(reachedBy(c, assigned));
        lastPoll = Instant.now();
        failing = null;
        backoff = FIRST_BACKOFF;
        if (!positions.caughtUp() && positions.reached(target)) {
            target.clear();
            LOG.info("{}: caught up with {}", name, topic);
            try {
                reader.caughtUp(); // first: whoever waits for the signal finds what the reader built on it
            } catch (RuntimeException e) {
                LOG.error("{}: its reader failed on catching up", name, e);
            }
            phase = Phase.RUNNING;
            positions.caughtUp(true);
        }
        phase = positions.caughtUp() ? Phase.RUNNING : Phase.LOADING;
    }

    private static Map<TopicPartition, Long> reachedBy(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> reached = new HashMap<>();
        for (TopicPartition tp : partitions) {
            reached.put(tp, c.position(tp, CALL_TIMEOUT));
        }
        return reached;
    }

    /** Partitions added to the topic since the last look: assigned, read from their beginning. */
    private List<TopicPartition> grown(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> assigned) {
        List<TopicPartition> now;
        try {
            now = partitions(c);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return assigned; // the broker is away for now; the next look finds them once it is back
        }
        if (new HashSet<>(now).equals(new HashSet<>(assigned))) {
            return assigned;
        }
        LOG.info("{}: {} has {} partitions now (was {}); reading the new ones from their beginning", name, topic,
                now.size(), assigned.size());
        return assign(c, now);
    }

    /**
     * Positions the log no longer holds. Below its start, records were deleted before this follower read them: a
     * fold drops what it holds and reads the topic again, a feed goes on from the earliest record left. Past its end
     * (the log was truncated, e.g. an unclean leader election), a fold reads again and a feed goes on from the end.
     */
    private void reset(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> assigned, Map<TopicPartition, Long> held) {
        resets.incrementAndGet();
        Map<TopicPartition, Long> earliest = c.beginningOffsets(held.keySet(), CALL_TIMEOUT);
        Set<TopicPartition> truncated = new HashSet<>();
        held.forEach((tp, at) -> {
            if (at >= earliest.getOrDefault(tp, 0L)) {
                truncated.add(tp);
            }
        });
        String what = held + " no longer held by the log (earliest now " + earliest + ")";
        if (start == Start.BEGINNING) {
            positions.clear();
            target.clear();
            target.putAll(c.endOffsets(assigned, CALL_TIMEOUT));
            try {
                reader.readingAgain();
            } catch (RuntimeException e) {
                LOG.error("{}: its reader failed on reading again", name, e);
            }
            seekToBeginning(c, assigned);
            lastReset = Instant.now() + ": " + what + "; reading the whole topic again from the earliest record";
        } else {
            List<TopicPartition> below = held.keySet().stream().filter(tp -> !truncated.contains(tp)).toList();
            seekToBeginning(c, below);
            seekToEnd(c, truncated);
            lastReset = Instant.now() + ": " + what + "; going on from the earliest record left"
                    + (truncated.isEmpty() ? "" : " (from the end on the truncated " + truncated + ")");
        }
        LOG.warn("{}: {}", name, lastReset);
    }

    // ---- waiting for it ---------------------------------------------------------------------------------

    /** Whether it has read what the topic held when reading (or reading again) began. */
    public boolean caughtUp() {
        return positions.caughtUp();
    }

    /** Waits until {@link #caughtUp()}; false after {@code timeout}. */
    public boolean awaitCaughtUp(Duration timeout) {
        return positions.awaitCaughtUp(timeout);
    }

    /** Waits until it has read past each of {@code offsets} (the last offset a write got, per partition). */
    public boolean awaitPast(Map<TopicPartition, Long> offsets, Duration timeout) {
        return positions.awaitPast(offsets, timeout);
    }

    /** Waits until it has read everything committed on the topic so far, by this instance or any other. */
    public boolean awaitCurrent(Duration timeout) {
        return positions.awaitCurrent(timeout);
    }

    // ---- health -----------------------------------------------------------------------------------------

    /** Its thread runs and its last poll succeeded (it may still be loading: see {@link #caughtUp()}). */
    public boolean reading() {
        Phase p = phase;
        return failing == null && alive() && (p == Phase.LOADING || p == Phase.RUNNING);
    }

    private boolean alive() {
        return thread != null && thread.isAlive();
    }

    public long skipped() {
        return skipped.get();
    }

    /** For /health: its phase, whether it reads and has caught up, its counts, and why it does not read. */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        boolean dead = thread != null && !thread.isAlive() && running;
        state.put("topic", topic);
        state.put("state", dead ? "dead" : phase.name().toLowerCase(java.util.Locale.ROOT));
        state.put("reading", reading());
        state.put("caughtUp", positions.caughtUp());
        state.put("restarts", restarts.get());
        state.put("skipped", skipped.get());
        state.put("resets", resets.get());
        if (lastPoll != null) {
            state.put("lastPoll", lastPoll.toString());
        }
        if (lastError != null) {
            state.put("lastError", lastError);
            state.put("lastErrorAt", String.valueOf(lastErrorAt));
        }
        if (lastReset != null) {
            state.put("lastReset", lastReset);
        }
        String reason = dead ? "the reading thread has ended"
                : failing != null ? "reading " + topic + " failed and starts again: " + failing
                : !positions.caughtUp() && thread != null ? "loading " + topic
                : null;
        if (reason != null) {
            state.put("reason", reason);
        }
        return state;
    }

    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        synchronized (lifecycle) {
            lifecycle.notifyAll();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        positions.close();
    }
}
