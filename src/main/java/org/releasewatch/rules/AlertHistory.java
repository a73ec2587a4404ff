package org.releasewatch.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;

import java.time.Duration;
import java.util.List;

/**
 * Keeps the alerts of the alerts topic queryable ({@link AlertTopology#ALERT_HISTORY_STORE}: alert id →
 * alert, at its {@code emittedAt}, for {@code releasewatch.rules.history-retention}). Fed by the topic,
 * not by the rules, so it holds exactly what readers of the topic saw, and survives restarts through
 * its changelog.
 */
final class AlertHistory implements Processor<String, Alert, Void, Void> {

    private WindowStore<String, Alert> history;

    /** Each alert is kept at one instant, its {@code emittedAt}. */
    private static final Duration POINT = Duration.ofMillis(1);

    /** The processor with its store, kept {@code releasewatch.rules.history-retention}. */
    static StoredSupplier<String, Alert, Void, Void> supplier(RuleSetup setup) {
        return StoredSupplier.of(AlertHistory::new, List.of(setup.stores().window(AlertTopology.ALERT_HISTORY_STORE,
                setup.rules().historyRetention(), POINT, JsonSerde.of(Alert.class))));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.history = context.getStateStore(AlertTopology.ALERT_HISTORY_STORE);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        if (alert != null && alert.id() != null && alert.emittedAt() != null) {
            history.put(alert.id(), alert, alert.emittedAt().toEpochMilli());
        }
    }
}
