package org.releasewatch.ops;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instance's copy of the acknowledgements (compacted topic {@code releasewatch.acks.v1}, key alert id), kept
 * in memory and followed live, by alert and by thread (the newest ack of any of its messages). Bounded: an ack older than the alert history's retention is dropped (its alert has
 * left the history too), and beyond {@code releasewatch.ops.acks-max} the oldest are forgotten.
 */
@Context
public class Acks {

    private final Map<String, Ack> byAlert = new ConcurrentHashMap<>();
    private final Map<String, Ack> byThread = new ConcurrentHashMap<>();
    private final Sinks.Many<Ack> updates = Sinks.many().multicast().directBestEffort();
    private final CompactedView view;
    private final OpsWriter writer;
    private final String topic;
    private final RulesConfig rules;
    private final OpsConfig ops;
    private final Clock clock;

    public Acks(KafkaClients clients, TopicsConfig topics, RulesConfig rules, OpsConfig ops, OpsWriter writer,
                TopicProvisioner topicsReady) {
        this(clients, topics, rules, ops, writer, Clock.systemUTC());
    }

    Acks(KafkaClients clients, TopicsConfig topics, RulesConfig rules, OpsConfig ops, OpsWriter writer, Clock clock) {
        this.topic = topics.acks();
        this.rules = rules;
        this.ops = ops;
        this.writer = writer;
        this.clock = clock;
        this.view = new CompactedView("acks", clients, topic, this::apply);
    }

    @PostConstruct
    void start() {
        view.start();
    }

    @PreDestroy
    void stop() {
        view.stop();
        updates.tryEmitComplete();
    }

    /** Stores the ack and takes it here at once (the other instances see it when they read it). */
    public Ack acknowledge(String alertId, String thread, String by, String note) {
        Ack ack = new Ack(alertId, by, clock.instant(), note, thread == null || thread.equals(alertId) ? null : thread);
        writer.write(topic, alertId, Json.bytes(ack));
        take(ack);
        return ack;
    }

    public Optional<Ack> of(String alertId) {
        return Optional.ofNullable(byAlert.get(alertId));
    }

    /** The newest ack of any message of a thread. */
    public Optional<Ack> ofThread(String threadId) {
        return threadId == null ? Optional.empty() : Optional.ofNullable(byThread.get(threadId));
    }

    /** Acks as they arrive, on this instance or any other. */
    public Flux<Ack> updates() {
        return updates.asFlux();
    }

    Map<String, Object> state() {
        Map<String, Object> state = view.state();
        state.put("acks", byAlert.size());
        return state;
    }

    void apply(String key, byte[] value) {
        if (key == null) {
            throw new IllegalArgumentException("an ack without a key");
        }
        if (value == null) {
            Ack removed = byAlert.remove(key);
            if (removed != null) {
                rethread(removed.threadId());
            }
            return;
        }
        Ack ack = Json.read(value, Ack.class);
        if (ack.at() == null || !key.equals(ack.alertId())) {
            throw new IllegalArgumentException("an ack needs alertId (the record key) and at");
        }
        take(ack);
    }

    private void take(Ack ack) {
        if (ack.at().isBefore(clock.instant().minus(rules.historyRetention()))) {
            return;
        }
        Ack before = byAlert.get(ack.alertId());
        if (before != null && before.at().isAfter(ack.at())) {
            return; // our own write, already taken, read back after a newer one
        }
        byAlert.put(ack.alertId(), ack);
        byThread.merge(ack.threadId(), ack, (held, next) -> next.at().isBefore(held.at()) ? held : next);
        if (!ack.equals(before)) {
            updates.tryEmitNext(ack);
        }
        if (byAlert.size() > ops.acksMax()) {
            forgetOldest();
        }
    }

    private synchronized void forgetOldest() {
        int excess = byAlert.size() - ops.acksMax() * 9 / 10;
        if (excess > 0) {
            byAlert.values().stream().sorted(Comparator.comparing(Ack::at)).limit(excess).toList()
                    .forEach(a -> {
                        if (byAlert.remove(a.alertId(), a)) {
                            rethread(a.threadId());
                        }
                    });
        }
    }

    /** The thread's newest ack again, after one of its acks was removed (rare: a tombstone or the bound). */
    private synchronized void rethread(String thread) {
        byAlert.values().stream().filter(a -> a.threadId().equals(thread)).max(Comparator.comparing(Ack::at))
                .ifPresentOrElse(a -> byThread.put(thread, a), () -> byThread.remove(thread));
    }

    int size() {
        return byAlert.size();
    }

    Instant now() {
        return clock.instant();
    }
}
