package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Holds an alert back from every subscription while a silence matching it — or, for an update or a cancel, matching
 * its thread's first message — is active at the moment of delivery. The first messages it checks are kept (rule,
 * severity, country, person and target ids only; the most recent {@link #REMEMBERED}); one it has not seen is read from
 * the alert history. Counts each alert held once
 * ({@code releasewatch.alerts.silenced}), however many subscriptions it was held from.
 */
@Singleton
public class SilenceHold implements DeliveryHold {

    private static final Logger LOG = LoggerFactory.getLogger(SilenceHold.class);
    private static final int REMEMBERED = 4096;

    private final Silences silences;
    private final ThreadLookup threads;
    private final Counter silenced;
    private final Map<String, JsonNode> firsts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Map<String, Boolean> counted = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public SilenceHold(Silences silences, ThreadLookup threads, MeterRegistry registry) {
        this.silences = silences;
        this.threads = threads;
        this.silenced = Counter.builder("releasewatch.alerts.silenced")
                .description("alerts held back from subscriptions by a silence").register(registry);
    }

    /**
     * What a silence matches of a first message this instance delivered (or held): its rule, severity, country and the
     * ids in its details — a later message of the thread usually follows it within seconds, before the alert history
     * (read from the same topic) may hold it.
     */
    private void remember(String alertId, JsonNode alert) {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        for (String name : new String[] {"rule", "severity", "country"}) {
            if (alert.path(name).isTextual()) {
                fields.put(name, alert.path(name).asText());
            }
        }
        ObjectNode details = fields.putObject("details");
        String person = Matchers.personId(alert.get("details"));
        String target = Matchers.targetId(alert.get("details"));
        if (person != null) {
            details.putObject("person").put("id", person);
        }
        if (target != null) {
            details.putObject("target").put("id", target);
        }
        synchronized (firsts) {
            firsts.put(alertId, fields);
        }
    }

    /** A thread's first message: as this instance saw it, else from the alert history. */
    private Optional<JsonNode> firstOf(String thread) {
        synchronized (firsts) {
            JsonNode seen = firsts.get(thread);
            if (seen != null) {
                return Optional.of(seen);
            }
        }
        return threads.firstMessage(thread).map(Json.MAPPER::valueToTree);
    }

    @Override
    public Optional<String> heldBy(String alertId, byte[] alertJson) {
        try {
            JsonNode alert = Json.MAPPER.readTree(alertJson);
            java.time.Instant now = silences.now();
            Optional<String> by = silences.holding(alert.path("rule").asText(null), alert.path("severity").asText(null),
                    alert.path("country").asText(null), alert.get("details"), now).map(Silence::id);
            String thread = alert.path("thread").asText(null);
            String type = alert.path("msgType").asText("alert");
            if ("alert".equals(type)) {
                remember(alertId, alert);
            } else if (by.isEmpty() && thread != null && !thread.equals(alertId)) {
                by = firstOf(thread).flatMap(first -> silences.holding(first.path("rule").asText(null),
                        first.path("severity").asText(null), first.path("country").asText(null), first.get("details"), now))
                        .map(Silence::id);
            }
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
