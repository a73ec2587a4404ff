package org.releasewatch.rules;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.model.InternalHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last step before the alerts topic: one alert per id, whatever the rules emit. Remembers emitted
 * ids ({@link AlertTopology#ALERT_IDS_STORE}: alert id → the alert's event time and its clock) for
 * {@code releasewatch.rules.dedup-retention} behind the {@link RuleClock} of the alert's country (of its person for
 * WATCHLIST_RELEASE); stamps {@code emittedAt} and the
 * record time with the wall clock. An alert older than that retention cannot be checked and is dropped
 * (metric {@code releasewatch.alerts.too.old}, DEBUG log): the topic promises each id once.
 */
final class AlertOnce implements Processor<String, Alert, String, Alert> {

    /** Passes of the purge (every {@link Purge#EVERY}) between two scans of the ids: ids expire by the year. */
    static final int SCAN_EVERY = 120;

    private static final Logger LOG = LoggerFactory.getLogger(AlertOnce.class);

    private final RulesConfig rules;
    private final RuleMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, EmittedId> emitted;
    private KeyValueStore<String, Long> clocks;
    private KeyValueStore<String, ThreadLog> threads;
    private RuleClock countries;
    private PersonClock persons;
    private Purge purge;
    private int passes;

    AlertOnce(RulesConfig rules, RuleMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    /** The processor with its stores: the ids it remembers, and the clocks they expire by. */
    static StoredSupplier<String, Alert, String, Alert> supplier(RuleSetup setup) {
        return StoredSupplier.of(() -> new AlertOnce(setup.rules(), setup.metrics()),
                List.of(setup.stores().keyValue(AlertTopology.ALERT_IDS_STORE, Serdes.String(), EmittedId.serde()),
                        setup.stores().threads(), setup.stores().clock(), setup.stores().watchlistReleases()));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.emitted = context.getStateStore(AlertTopology.ALERT_IDS_STORE);
        this.clocks = context.getStateStore(AlertTopology.CLOCK_STORE);
        this.threads = context.getStateStore(AlertTopology.THREADS_STORE);
        this.countries = RuleClock.ofCountries(context);
        this.persons = PersonClock.of(context);
        this.purge = Purge.every(context, "alert-once", this::purgeExpired);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        long at = alert.occurredAt().toEpochMilli();
        String clock = clockOf(alert);
        if (RuleClock.expired(at, rules.dedupRetention().toMillis(), now(clock))) {
            metrics.alertTooOldToDeduplicate(alert.rule());
            LOG.debug("Alert {} ({}) for {} is older than the dedup retention; dropped", alert.id(), alert.rule(), alert.occurredAt());
            return;
        }
        if (emitted.get(alert.id()) != null) {
            return;
        }
        emitted.put(alert.id(), new EmittedId(at, clock));
        purge.written();
        log(alert, at, clock);
        Instant now = Instant.now();
        metrics.alertEmitted(alert, ingestedAt(record));
        // the alerts topic gets the alert only: internal headers stay inside
        context.forward(record.withValue(alert.withEmittedAt(now)).withTimestamp(now.toEpochMilli())
                .withHeaders(new RecordHeaders()));
    }

    /**
     * Adds the message to its thread's log. A cancel withdraws the whole thread unless it is a MASS_RELEASE cancel of
     * a threshold above the day's first ({@link MassReleaseThread#withdrawsThread}).
     */
    private void log(Alert alert, long at, String clock) {
        if (alert.first()) {
            threads.put(alert.id(), ThreadLog.first(alert, at, clock));
            return;
        }
        ThreadLog log = threads.get(alert.threadId());
        if (log != null) {
            threads.put(alert.threadId(), log.plus(alert, MassReleaseThread.withdrawsThread(alert, rules.massThresholds())));
        }
    }

    /**
     * The clock an alert's id expires by: its person's for WATCHLIST_RELEASE (whose ids are per person and made in the
     * person's task), else its country's.
     */
    private String clockOf(Alert alert) {
        return switch (alert.rule()) {
            case WATCHLIST_RELEASE -> PersonClock.key(alert.details().get("person").get("id").asText());
            case MASS_RELEASE, SANCTIONS_CHANGE, LINKED_RELIEF -> countries.key(alert.country());
        };
    }

    /**
     * A scan of every remembered id, each expired by its own clock: at most one started every {@link #SCAN_EVERY}
     * passes of the purge (an hour), each step bounded.
     */
    private void purgeExpired() {
        if (!purge.scanning(emitted) && !purge.scanning(threads)) {
            if (passes++ % SCAN_EVERY != 0) {
                return;
            }
        }
        long retention = rules.dedupRetention().toMillis();
        Map<String, Long> seen = new HashMap<>();
        purge.where(emitted, (id, kept) -> RuleClock.expired(kept.at(), retention, seen.computeIfAbsent(kept.clock(), this::now)));
        purge.where(threads, (id, log) -> RuleClock.expired(log.at(), retention, seen.computeIfAbsent(log.clock(), this::now)));
    }

    /** The time the clock with key {@code clock} shows: a person's is kept with their watchlist releases. */
    private long now(String clock) {
        return clock.startsWith(RuleClock.PERSON) ? persons.now(clock.substring(RuleClock.PERSON.length()))
                : RuleClock.at(clocks, clock);
    }

    private static Instant ingestedAt(Record<String, Alert> record) {
        Header header = record.headers().lastHeader(InternalHeaders.INGESTED_AT);
        try {
            return header == null ? null : Instant.ofEpochMilli(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
