package org.releasewatch.rules;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

/**
 * The last step before the alerts topic: one alert per id, whatever the rules emit. Remembers emitted
 * ids ({@link AlertTopology#ALERT_IDS_STORE}: alert id → the alert's event time) for
 * {@code releasewatch.rules.dedup-retention} behind the {@link RuleClock}; stamps {@code emittedAt} and the
 * record time with the wall clock. An alert older than that retention cannot be checked and is dropped
 * (metric {@code releasewatch.alerts.too.old}, DEBUG log): the topic promises each id once.
 */
final class AlertOnce implements Processor<String, Alert, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertOnce.class);

    private final RulesConfig rules;
    private final RuleMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, Long> emitted;
    private RuleClock clock;
    private Purge purge;
    private long purgedAt = RuleClock.NEVER;

    AlertOnce(RulesConfig rules, RuleMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.emitted = context.getStateStore(AlertTopology.ALERT_IDS_STORE);
        this.clock = RuleClock.of(context);
        this.purge = Purge.every(context, "alert-once", this::purgeExpired);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        long at = alert.occurredAt().toEpochMilli();
        if (RuleClock.expired(at, rules.dedupRetention().toMillis(), clock.now())) {
            metrics.alertTooOldToDeduplicate(alert.rule());
            LOG.debug("Alert {} ({}) for {} is older than the dedup retention; dropped", alert.id(), alert.rule(), alert.occurredAt());
            return;
        }
        if (emitted.get(alert.id()) != null) {
            return;
        }
        emitted.put(alert.id(), at);
        purge.written();
        Instant now = Instant.now();
        metrics.alertEmitted(alert, ingestedAt(record));
        // the alerts topic gets the alert only: internal headers stay inside
        context.forward(record.withValue(alert.withEmittedAt(now)).withTimestamp(now.toEpochMilli())
                .withHeaders(new RecordHeaders()));
    }

    /** A scan of every remembered id: at most one started per day of the clock, each step bounded. */
    private void purgeExpired() {
        long now = clock.now();
        if (now == RuleClock.NEVER) {
            return;
        }
        if (!purge.scanning(emitted)) {
            if (purgedAt != RuleClock.NEVER && now - purgedAt < 86_400_000L) {
                return;
            }
            purgedAt = now;
        }
        long retention = rules.dedupRetention().toMillis();
        purge.where(emitted, (id, at) -> RuleClock.expired(at, retention, now));
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
