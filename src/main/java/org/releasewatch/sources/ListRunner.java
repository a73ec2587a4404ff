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
import org.releasewatch.json.Json;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.sources.format.ListFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * old snapshot, so the next fetch finds the same changes and writes the same events (same ids) once.
 */
final class ListRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ListRunner.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    /** Called with the transaction's records sent, just before it commits (a test seam for crashes). */
    interface BeforeCommit {
        void run(List<SanctionEvent> events);
    }

    private final SanctionsListConfig list;
    private final ListFormat format;
    private final SourcesConfig settings;
    private final KafkaClients clients;
    private final Map<String, Object> clientSettings;
    private final String sanctionsTopic;
    private final String coordinationTopic;
    private final SnapshotStore store;
    private final ChangeEvents changeEvents;
    private final SourcesMetrics metrics;
    private final ListStatus status;
    private final ListFetcher fetcher;

    private volatile boolean running = true;
    private volatile long nextDueNanos = System.nanoTime();
    private volatile BeforeCommit beforeCommit = events -> { };
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Duration retry = FIRST_RETRY;
    private int restarts;

    ListRunner(SanctionsListConfig list, ListFormat format, SourcesConfig settings, KafkaClients clients,
               String sanctionsTopic, String snapshotTopic, String coordinationTopic, ChangeEvents changeEvents,
               SourcesMetrics metrics) {
        this.list = list;
        this.format = format;
        this.settings = settings;
        this.clients = clients;
        this.clientSettings = clients.common();
        this.sanctionsTopic = sanctionsTopic;
        this.coordinationTopic = coordinationTopic;
        this.store = new SnapshotStore(clients.common(), snapshotTopic);
        this.changeEvents = changeEvents;
        this.metrics = metrics;
        this.status = new ListStatus(list.listId(), format.name(), list.url(), list.interval().toString());
        this.fetcher = new ListFetcher(settings.fetchTimeout(), settings.maxBytes(), list.allowHttp());
    }

    ListStatus status() {
        return status;
    }

    String listId() {
        return list.listId();
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
                    LOG.info("Sanctions list '{}': {}", list.listId(), owner ? "this instance fetches it now" : "another instance fetches it now");
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
                LOG.error("Sanctions list '{}': the fetch loop failed; restarting it", list.listId(), t);
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
            Snapshot old = store.load(list.listId());
            status.fromSnapshot(old.meta());
            String etag = old.isEmpty() ? null : old.meta().etag();
            String lastModified = old.isEmpty() ? null : old.meta().lastModified();
            try (ListFetcher.Download download = fetcher.get(list.url(), etag, lastModified)) {
                if (download.notModified) {
                    status.notModified(now);
                    metrics.fetch(list.listId(), "not-modified");
                    return true;
                }
                ParsedList parsed = ParsedList.read(format, download.body(), settings.maxEntries());
                download.drain();
                String sha256 = download.sha256();
                int before = old.entries().size();
                int after = parsed.entries().size();
                if (!old.isEmpty() && after < before * (1 - settings.maxShrink())) {
                    if (!status.isAccepted(sha256)) {
                        String reason = String.format("the list shrank from %d to %d entries, more than "
                                + "releasewatch.sources.max-shrink (%.0f%%) allows: no events written, the old snapshot kept; "
                                + "POST /api/sources/%s/accept if this is real", before, after, settings.maxShrink() * 100, list.listId());
                        LOG.warn("Sanctions list '{}': {}", list.listId(), reason);
                        status.refused(now, new ListStatus.Refusal(now, after, before, sha256, reason));
                        metrics.fetch(list.listId(), "refused");
                        return false;
                    }
                    LOG.info("Sanctions list '{}': shrink from {} to {} entries accepted by {}", list.listId(), before, after, status.acceptedBy());
                }
                Instant publishedAt = parsed.publication().publishedAt();
                String publication = publishedAt != null ? publishedAt.toString() : "sha256:" + sha256;
                List<ListDiff.Change> changes = old.isEmpty() ? List.of()
                        : ListDiff.between(old.entries(), parsed.entries(), changeEvents.concerns(format));
                long version = old.isEmpty() ? 0 : changes.isEmpty() ? old.meta().version() : old.meta().version() + 1;
                ChangeEvents.ListContext context = new ChangeEvents.ListContext(list.listId(), format, list.eventUrl(),
                        publishedAt != null ? publishedAt : now, publication, version);
                List<SanctionEvent> events = new ArrayList<>();
                List<ListStatus.Unresolved> unresolved = new ArrayList<>();
                for (ListDiff.Change change : changes) {
                    ChangeEvents.Result result = changeEvents.events(change, context);
                    events.addAll(result.events());
                    if (result.unresolved()) {
                        unresolved.add(new ListStatus.Unresolved(now, change.action().name(), change.entry().id(),
                                change.entry().name(), change.entry().programmes()));
                    }
                }
                Snapshot.Meta meta = new Snapshot.Meta(format.name(), Redact.url(list.url()), download.etag,
                        download.lastModified, publishedAt, publication, sha256, after, now,
                        changes.isEmpty() ? (old.isEmpty() ? null : old.meta().changedAt()) : now, version);

                producer.beginTransaction();
                for (SanctionEvent event : events) {
                    producer.send(new ProducerRecord<>(sanctionsTopic, event.target().id().getBytes(UTF_8), Json.bytes(event)));
                }
                store.write(producer, list.listId(), old.entries(), parsed.entries(), meta);
                producer.flush(); // written but not committed: what a crash from here on leaves behind
                beforeCommit.run(events);
                producer.commitTransaction();

                String outcome = old.isEmpty() ? "baseline" : changes.isEmpty() ? "unchanged" : "changed";
                status.accepted(now, outcome, meta, events.size());
                metrics.fetch(list.listId(), outcome);
                events.forEach(e -> metrics.event(list.listId(), e.action().name()));
                for (ListStatus.Unresolved u : unresolved) {
                    status.unresolved(u);
                    metrics.unresolved(list.listId());
                    LOG.warn("Sanctions list '{}': {} of {} ({}) has no country (programmes {} not in {}, no address or "
                            + "nationality): no event written", list.listId(), u.action(), u.entryId(), u.name(),
                            u.programmes(), ProgrammeCountries.RESOURCE);
                }
                LOG.info("Sanctions list '{}': {} ({} entries, {} changes, {} events, {} unresolved)", list.listId(),
                        outcome, after, changes.size(), events.size(), unresolved.size());
                return true;
            }
        } catch (ListFormat.MalformedListException e) {
            return failed(now, "the download is not a complete " + format.name() + " list (truncated or malformed): "
                    + e.getMessage() + "; no events written, the old snapshot kept");
        } catch (IOException e) {
            return failed(now, e.getMessage() + "; no events written, the old snapshot kept");
        } catch (ProducerFencedException e) {
            LOG.info("Sanctions list '{}': another instance has taken the list over", list.listId());
            return true;
        } finally {
            producer.close(Duration.ofSeconds(5)); // an uncommitted transaction is aborted, never half-written
        }
    }

    private boolean failed(Instant now, String message) {
        String reason = Redact.scrub(message, list.url());
        LOG.warn("Sanctions list '{}': {}", list.listId(), reason);
        status.failed(now, reason);
        metrics.fetch(list.listId(), "failed");
        return false;
    }

    private Producer<byte[], byte[]> transactionalProducer() {
        Map<String, Object> p = new HashMap<>(clientSettings);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clients.applicationId() + "-sources-" + list.listId());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-sources-" + list.listId() + "-" + clients.instanceId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> coordinationConsumer() {
        Map<String, Object> c = new HashMap<>(clientSettings);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, clients.applicationId() + "-sources-" + list.listId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-sources-" + list.listId() + "-" + clients.instanceId());
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
                LOG.debug("closing the coordination consumer of '{}'", list.listId(), e);
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
