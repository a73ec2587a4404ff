package org.releasewatch.rules;

import org.apache.kafka.streams.kstream.KStream;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;

import java.util.Locale;
import java.util.function.Function;

/**
 * One alert rule as a piece of the topology: the stream it reads and its processor, whose supplier declares the
 * rule's state stores. {@link AlertTopology} adds each rule's processor under {@link #name()} and merges its alerts
 * into {@link AlertOnce}.
 *
 * @param rule     the rule whose alerts the processor emits
 * @param input    which of the {@link RuleInputs} it reads
 * @param supplier the processor and its stores
 */
record RuleUnit<V>(AlertRule rule, Function<RuleInputs, KStream<String, V>> input,
                   StoredSupplier<String, V, String, Alert> supplier) {

    /**
     * The processor's name, e.g. {@code mass-release} (its alerts are merged in as {@code merge-mass-release}):
     * a running installation finds its state by it, so it follows the contract's rule name and never changes.
     */
    String name() {
        return rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The rule's processor added after its input: the rule's alerts. */
    KStream<String, Alert> alerts(RuleInputs inputs) {
        return input.apply(inputs).process(supplier, org.apache.kafka.streams.kstream.Named.as(name()));
    }
}
