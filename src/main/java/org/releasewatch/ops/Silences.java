package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instance's copy of the silences (compacted topic {@code releasewatch.silences.v1}, key silence id), kept in
 * memory and followed live. A silence that ended longer ago than the alert history's retention is forgotten.
 */
@Context
public class Silences {

    private final Map<String, Silence> byId = new ConcurrentHashMap<>();
    private final CompactedView view;
    private final OpsWriter writer;
    private final String topic;
    private final RulesConfig rules;
    private final OpsConfig ops;
    private final Clock clock;

    public Silences(KafkaClients clients, TopicsConfig topics, RulesConfig rules, OpsConfig ops, OpsWriter writer,
                    TopicProvisioner topicsReady) {
        this(clients, topics, rules, ops, writer, Clock.systemUTC());
    }

    Silences(KafkaClients clients, TopicsConfig topics, RulesConfig rules, OpsConfig ops, OpsWriter writer, Clock clock) {
        this.topic = topics.silences();
        this.rules = rules;
        this.ops = ops;
        this.writer = writer;
        this.clock = clock;
        this.view = new CompactedView("silences", clients, topic, this::apply);
    }

    @PostConstruct
    void start() {
        view.start();
    }

    @PreDestroy
    void stop() {
        view.stop();
    }

    /** Stores the silence a request (its fields and bounds checked already) asks for; taken here at once. */
    public Silence create(SilenceRequest request, String by) {
        Instant now = clock.instant();
        long open = byId.values().stream().filter(s -> s.endsAt().isAfter(now)).count();
        if (open >= ops.activeSilencesMax()) {
            throw new TooMany("already " + open + " silences active or pending (releasewatch.ops.active-silences-max);"
                    + " end some first");
        }
        Silence silence = request.toSilence(now, "s-" + UUID.randomUUID(), by);
        writer.write(topic, silence.id(), Json.bytes(silence));
        byId.put(silence.id(), silence);
        return silence;
    }

    /** Ends a silence now; one that has ended already is returned as it is. Empty for an unknown id. */
    public Optional<Silence> expire(String id, String by) {
        Silence silence = byId.get(id);
        if (silence == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!silence.endsAt().isAfter(now)) {
            return Optional.of(silence);
        }
        Silence ended = silence.endedAt(now, by);
        writer.write(topic, id, Json.bytes(ended));
        byId.put(id, ended);
        return Optional.of(ended);
    }

    /** Active and pending ones first (ending soonest first), then ended ones (most recently ended first). */
    public List<Silence> all() {
        Instant now = clock.instant();
        return byId.values().stream()
                .sorted(Comparator.comparing((Silence s) -> s.endsAt().isAfter(now) ? 0 : 1)
                        .thenComparing(s -> s.endsAt().isAfter(now) ? s.endsAt() : Instant.MAX.minusMillis(s.endsAt().toEpochMilli())))
                .toList();
    }

    public Optional<Silence> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The silence (the one ending last, if several) holding an alert with these fields at {@code at}. */
    public Optional<Silence> holding(String rule, String severity, String country, JsonNode details, Instant at) {
        return byId.values().stream().filter(s -> s.holds(rule, severity, country, details, at))
                .max(Comparator.comparing(Silence::endsAt).thenComparing(Silence::id));
    }

    public Instant now() {
        return clock.instant();
    }

    Map<String, Object> state() {
        Map<String, Object> state = view.state();
        state.put("silences", byId.size());
        return state;
    }

    void apply(String key, byte[] value) {
        if (key == null) {
            throw new IllegalArgumentException("a silence without a key");
        }
        if (value == null) {
            byId.remove(key);
            return;
        }
        Silence s = Json.read(value, Silence.class);
        if (!key.equals(s.id()) || s.matchers() == null || s.startsAt() == null || s.endsAt() == null) {
            throw new IllegalArgumentException("a silence needs id (the record key), matchers, startsAt and endsAt");
        }
        if (s.endsAt().isBefore(clock.instant().minus(rules.historyRetention()))) {
            byId.remove(key);
            return;
        }
        Silence before = byId.get(key);
        // an early end is final: a create read back late must not reopen it
        if (before == null || !before.endsAt().isBefore(s.endsAt())) {
            byId.put(key, s);
        }
    }

    /** Too many silences open at once: 409 for the operator. */
    public static final class TooMany extends RuntimeException {
        public TooMany(String message) {
            super(message);
        }
    }
}
