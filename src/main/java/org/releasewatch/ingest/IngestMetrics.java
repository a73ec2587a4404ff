package org.releasewatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** {@code releasewatch.events.in{topic, outcome=valid|dead_lettered}}, counted once a batch is committed. */
@Singleton
public class IngestMetrics {

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void forwarded(String topic, int valid, int deadLettered) {
        counter(topic, "valid").increment(valid);
        counter(topic, "dead_lettered").increment(deadLettered);
    }

    private Counter counter(String topic, String outcome) {
        return Counter.builder("releasewatch.events.in")
                .description("Input records by topic and outcome (valid: forwarded to the rules; dead_lettered: to the DLQ)")
                .tag("topic", topic)
                .tag("outcome", outcome)
                .register(registry);
    }
}
