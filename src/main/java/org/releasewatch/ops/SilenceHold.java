package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.releasewatch.delivery.DeliveryHold;
import org.releasewatch.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Holds an alert back from every subscription while a silence matching it is active at the moment of delivery.
 * Counts each alert held once ({@code releasewatch.alerts.silenced}), however many subscriptions it was held from.
 */
@Singleton
public class SilenceHold implements DeliveryHold {

    private static final Logger LOG = LoggerFactory.getLogger(SilenceHold.class);
    private static final int REMEMBERED = 4096;

    private final Silences silences;
    private final Counter silenced;
    private final Map<String, Boolean> counted = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public SilenceHold(Silences silences, MeterRegistry registry) {
        this.silences = silences;
        this.silenced = Counter.builder("releasewatch.alerts.silenced")
                .description("alerts held back from subscriptions by a silence").register(registry);
    }

    @Override
    public Optional<String> heldBy(String alertId, byte[] alertJson) {
        try {
            JsonNode alert = Json.MAPPER.readTree(alertJson);
            Optional<String> by = silences.holding(alert.path("rule").asText(null), alert.path("severity").asText(null),
                    alert.path("country").asText(null), alert.get("details"), silences.now()).map(Silence::id);
            if (by.isPresent()) {
                synchronized (counted) {
                    if (counted.put(alertId, Boolean.TRUE) == null) {
                        silenced.increment();
                    }
                }
            }
            return by;
        } catch (Exception e) { // NOPMD: never throws; an unreadable alert is the worker's to dead-letter
            LOG.debug("Cannot check alert {} against the silences: {}", alertId, e.toString());
            return Optional.empty();
        }
    }
}
