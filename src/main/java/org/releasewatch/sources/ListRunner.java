package org.releasewatch.sources;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.sources.format.ListFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Follows one list. Its thread is a member of the list's own consumer group over the coordination topic (never
 * written): the member Kafka assigns partition 0 to is the one instance that fetches the list; the others stand by
 * and take over when it leaves or its session expires. (Partition 0 rather than a one-partition topic: every topic
 * of the service has the same partition count, see deploy/k8s/topics.yaml.) Each fetch runs in one Kafka transaction of the list's
 * transactional producer (a stable {@code transactional.id} per list): initialising it fences a previous fetcher
 * and aborts what it left open, then the snapshot is read {@code read_committed}, the list fetched and compared,
 * and the events and the snapshot's changes are committed together. A crash anywhere before the commit leaves the
 * old snapshot, so the next fetch finds the same changes and writes the same events (same ids) once. What the
 * entries are and what their changes mean is the {@link ListSource}'s (a sanctions list or a prisoner roster).
 */
final class ListRunner<E> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ListRunner.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    /** Called with the transaction's records sent, just before it commits (a test seam for crashes). */
    interface BeforeCommit {
        void run(List<String> eventIds);
    }

    private final ListSource<E> list;
    private final String what;
    private final SourcesConfig settings;
    private final KafkaClients clients;
    private final Map<String, Object> clientSettings;
    private final String coordinationTopic;
    private final SnapshotStore store;
    private final SourcesMetrics metrics;
    private final ListStatus status;
    private final ListFetcher fetcher;

    private volatile boolean running = true;
    private volatile long nextDueNanos = System.nanoTime();
    private volatile BeforeCommit beforeCommit = events -> { };
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Duration retry = FIRST_RETRY;
    private int restarts;

    ListRunner(ListSource<E> list, SourcesConfig settings, KafkaClients clients, String snapshotTopic,
               String coordinationTopic, SourcesMetrics metrics) {
        this.list = list;
        this.what = (list.kind().equals("prisoner-roster") ? "Roster '" : "Sanctions list '") + list.id() + "'";
        this.settings = settings;
        this.clients = clients;
        this.clientSettings = clients.common();
        this.coordinationTopic = coordinationTopic;
        this.store = new SnapshotStore(clients.common(), snapshotTopic);
        this.metrics = metrics;
        this.status = new ListStatus(list.id(), list.kind(), list.format(), list.url(), list.interval().toString());
        this.fetcher = new ListFetcher(settings.fetchTimeout(), settings.maxBytes(), list.allowHttp());
    }

    ListStatus status() {
        return status;
    }

    String listId() {
        return list.id();
    }

    void beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
    }

    /** Fetches at the next turn of the loop (after an accept). */
    void fetchSoon() {
        nextDueNanos = System.nanoTime();
    }

    void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Whether the loop is to keep running (false once stopped). */
    boolean running() {
        return running;
    }

    /** The loop's thread died (an error its loop could not catch): shown as down until the supervisor restarts it. */
    void died(Throwable e) {
        status.loop(false, restarts, "the fetch thread died: " + e);
    }

    /** Counts a restart of the loop's thread by the supervisor, after the thread itself died. */
    void restarted(String reason) {
        restarts++;
        status.loop(false, restarts, reason);
    }

    @Override
    public void run() {
        status.loop(true, restarts, null);
        while (running) {
            try {
                if (consumer == null) {
                    consumer = coordinationConsumer();
                    consumer.subscribe(Set.of(coordinationTopic));
                }
                consumer.poll(POLL);
                boolean owner = consumer.assignment().contains(new TopicPartition(coordinationTopic, 0));
                if (owner != status.owner()) {
                    LOG.info("{}: {}", what, owner ? "this instance fetches it now" : "another instance fetches it now");
                    status.owner(owner);
                    if (owner) {
                        nextDueNanos = System.nanoTime();
                    }
                }
                if (owner && System.nanoTime() - nextDueNanos >= 0) {
                    boolean ok = fetchOnce();
                    Duration wait = ok ? list.interval() : min(retry, list.interval());
                    retry = ok ? FIRST_RETRY : min(retry.multipliedBy(2), list.interval());
                    nextDueNanos = System.nanoTime() + wait.toNanos();
                }
            } catch (WakeupException e) {
                // stop() — the loop condition decides
            } catch (Throwable t) { // the loop must outlive anything one fetch or one poll can throw
                LOG.error("{}: the fetch loop failed; restarting it", what, t);
                restarts++;
                status.loop(true, restarts, Redact.scrub(t.toString(), list.url()));
                closeConsumer();
                status.owner(false);
                sleep(Duration.ofSeconds(5));
            }
        }
        closeConsumer();
        status.owner(false);
        status.loop(false, restarts, "stopped");
    }

    /**
     * One fetch of the list, as its owner. Returns false when it failed or was refused (retried sooner).
     * Never throws for a bad download; Kafka errors propagate to the loop.
     */
    boolean fetchOnce() {
        Instant now = Instant.now();
        Producer<byte[], byte[]> producer = transactionalProducer();
        try {
            producer.initTransactions(); // fences a previous fetcher of this list and aborts what it left open
            Snapshot<E> old = store.load(list.id(), list.entryType());
            status.fromSnapshot(old.meta());
            String etag = old.isEmpty() ? null : old.meta().etag();
            String lastModified = old.isEmpty() ? null : old.meta().lastModified();
            try (ListFetcher.Download download = fetcher.get(list.url(), etag, lastModified)) {
                if (download.notModified) {
                    status.notModified(now);
                    metrics.fetch(list.id(), "not-modified");
                    return true;
                }
                ListSource.Read<E> read = list.read(download.body(), settings.maxEntries());
                download.drain();
                String sha256 = download.sha256();
                int before = list.listed(old.entries());
                int after = read.entries().size();
                if (!old.isEmpty() && after < before * (1 - settings.maxShrink())) {
                    if (!status.isAccepted(sha256)) {
                        String reason = String.format("the list shrank from %d to %d entries, more than "
                                + "releasewatch.sources.max-shrink (%.0f%%) allows: no events written, the old snapshot kept; "
                                + "POST /api/sources/%s/accept if this is real", before, after, settings.maxShrink() * 100, list.id());
                        LOG.warn("{}: {}", what, reason);
                        status.refused(now, new ListStatus.Refusal(now, after, before, sha256, reason));
                        metrics.fetch(list.id(), "refused");
                        return false;
                    }
                    LOG.info("{}: shrink from {} to {} entries accepted by {}", what, before, after, status.acceptedBy());
                }
                Instant publishedAt = read.publishedAt();
                String publication = publishedAt != null ? publishedAt.toString() : "sha256:" + sha256;
                ListSource.Version<E> next = old.isEmpty()
                        ? new ListSource.Version<>(read.entries(), List.of(), List.of(), false)
                        : list.next(old.entries(), read, new ListSource.Context(now, publishedAt != null ? publishedAt : now,
                                publication, old.meta().version() + 1));
                long version = old.isEmpty() ? 0 : next.changed() ? old.meta().version() + 1 : old.meta().version();
                Snapshot.Meta meta = new Snapshot.Meta(list.format(), Redact.url(list.url()), download.etag,
                        download.lastModified, publishedAt, publication, sha256, after, now,
                        next.changed() ? now : old.isEmpty() ? null : old.meta().changedAt(), version);

                producer.beginTransaction();
                for (ListSource.Out event : next.events()) {
                    producer.send(new ProducerRecord<>(event.topic(), event.key().getBytes(UTF_8), event.value()));
                }
                store.write(producer, list.id(), old.entries(), next.entries(), meta);
                producer.flush(); // written but not committed: what a crash from here on leaves behind
                beforeCommit.run(next.events().stream().map(ListSource.Out::eventId).toList());
                producer.commitTransaction();

                String outcome = old.isEmpty() ? "baseline" : next.changed() ? "changed" : "unchanged";
                status.accepted(now, outcome, meta, next.events().size());
                metrics.fetch(list.id(), outcome);
                next.events().forEach(e -> metrics.event(list.id(), e.action()));
                for (ListStatus.Unresolved u : next.unresolved()) {
                    status.unresolved(u);
                    metrics.unresolved(list.id());
                    LOG.warn("{}: {} of {} ({}) has no country ({}): no event written", what, u.action(), u.entryId(),
                            u.name(), list.noEventBecause(u));
                }
                LOG.info("{}: {} ({} entries, {} events, {} unresolved)", what, outcome, after, next.events().size(),
                        next.unresolved().size());
                return true;
            }
        } catch (ListFormat.MalformedListException e) {
            return failed(now, "the download is not a complete " + list.format() + " list (truncated or malformed): "
                    + e.getMessage() + "; no events written, the old snapshot kept");
        } catch (IOException e) {
            return failed(now, e.getMessage() + "; no events written, the old snapshot kept");
        } catch (ProducerFencedException e) {
            LOG.info("{}: another instance has taken the list over", what);
            return true;
        } finally {
            producer.close(Duration.ofSeconds(5)); // an uncommitted transaction is aborted, never half-written
        }
    }

    private boolean failed(Instant now, String message) {
        String reason = Redact.scrub(message, list.url());
        LOG.warn("{}: {}", what, reason);
        status.failed(now, reason);
        metrics.fetch(list.id(), "failed");
        return false;
    }

    private Producer<byte[], byte[]> transactionalProducer() {
        Map<String, Object> p = new HashMap<>(clientSettings);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clients.applicationId() + "-sources-" + list.id());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-sources-" + list.id() + "-" + clients.instanceId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> coordinationConsumer() {
        Map<String, Object> c = new HashMap<>(clientSettings);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, clients.applicationId() + "-sources-" + list.id());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-sources-" + list.id() + "-" + clients.instanceId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, clients.sessionTimeoutMs());
        // a fetch runs between two polls: the group must not think the fetcher dead while it downloads and parses
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, settings.fetchTimeout().plusMinutes(10).toMillis()));
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void closeConsumer() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the coordination consumer of {}", what, e);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
