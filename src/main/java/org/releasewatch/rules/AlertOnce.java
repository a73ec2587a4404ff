package org.releasewatch.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.releasewatch.config.RulesConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.releasewatch.model.Alert;
import org.releasewatch.model.InternalHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The last step before the alerts topic: one alert per id, whatever the rules emit. Remembers emitted
 * ids ({@link AlertTopology#ALERT_IDS_STORE}, keyed by alert id, at the alert's event time, kept for
 * {@code releasewatch.rules.dedup-retention}); stamps {@code emittedAt} and the record time with the
 * wall clock. An alert older than the retention behind stream time cannot be checked and is dropped
 * (metric {@code releasewatch.alerts.too.old}, DEBUG log).
 */
final class AlertOnce implements Processor<String, Alert, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertOnce.class);

    private final RulesConfig rules;
    private final RuleMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private WindowStore<String, Long> emitted;

    AlertOnce(RulesConfig rules, RuleMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.emitted = context.getStateStore(AlertTopology.ALERT_IDS_STORE);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        long at = alert.occurredAt().toEpochMilli();
        if (at < context.currentStreamTimeMs() - rules.dedupRetention().toMillis()) {
            metrics.alertTooOldToDeduplicate(alert.rule());
            LOG.debug("Alert {} ({}) for {} is older than the dedup retention; dropped", alert.id(), alert.rule(), alert.occurredAt());
            return;
        }
        try (WindowStoreIterator<Long> seen = emitted.fetch(alert.id(), Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            if (seen.hasNext()) {
                return;
            }
        }
        Instant now = Instant.now();
        emitted.put(alert.id(), now.toEpochMilli(), at);
        metrics.alertEmitted(alert, ingestedAt(record));
        // the alerts topic gets the alert only: internal headers stay inside
        context.forward(record.withValue(alert.withEmittedAt(now)).withTimestamp(now.toEpochMilli())
                .withHeaders(new RecordHeaders()));
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
