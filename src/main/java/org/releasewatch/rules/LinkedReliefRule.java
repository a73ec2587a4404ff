package org.releasewatch.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * LINKED_RELIEF: a relief (LIFTED or EASED) on a country and at least one release from that country
 * within ± the link window of the relief's {@code occurredAt}, in either arrival order. A relief with
 * no release in range waits (pending) for one; it fires once, with the number of distinct persons
 * released in range as seen then, and {@code confidence} high when a linked release carries the
 * relief's agreement id.
 *
 * <p>State, bounded by event time: releases per country ({@link AlertTopology#LINKED_RELEASES_STORE},
 * {@code country|eventId} → {@link ReleaseMark}, a few hundred bytes each) and reliefs per country
 * ({@link AlertTopology#LINKED_RELIEF_STORE}, {@code country|alertId} → {@link ReliefState}), kept for
 * 2 × link window + grace (16 days by default) behind the newest entry of each store: the oldest release
 * that can still meet a relief arriving within the grace. A redelivered release replaces itself.
 *
 * <p>The reliefs still waiting for a release ({@link AlertTopology#LINKED_WAITING_STORE},
 * {@code country|relief time|alertId} → the sanction) are kept by the <em>releases'</em> time instead: a
 * waiting relief leaves when the {@link ReleaseClock} is past its time + link window + grace, when no
 * release that could still be accepted can meet it. A window store would drop it once reliefs 16 days
 * newer arrive — in a backfill the sanctions are read weeks ahead of the releases, and the reliefs were
 * gone before their releases came. Entries of the earlier window store
 * ({@link AlertTopology#LINKED_PENDING_STORE}) move over on a task's first record.
 *
 * <p>Cost: a release looks up only the pending reliefs of its country (usually none) — not every relief
 * in range, fired ones included, which made each release deserialise every relief of the fortnight;
 * a relief that fires reads the releases of its country in range once.
 */
final class LinkedReliefRule implements Processor<String, IngestedEvent, String, Alert> {

    private final RulesConfig rules;
    private ProcessorContext<String, Alert> context;
    private WindowStore<String, ReliefState> reliefs;
    private WindowStore<String, ReleaseMark> releases;
    private WindowStore<String, SanctionEvent> pendingBefore;
    private KeyValueStore<String, SanctionEvent> waiting;
    /** The waiting list is purged behind it. */
    private final ReleaseClock releaseClock = new ReleaseClock();
    private long nextPurge = Long.MIN_VALUE;
    private boolean movedOver;

    LinkedReliefRule(RulesConfig rules) {
        this.rules = rules;
    }

    static java.time.Duration retention(RulesConfig rules) {
        return rules.linkWindow().multipliedBy(2).plus(rules.massGrace());
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.reliefs = context.getStateStore(AlertTopology.LINKED_RELIEF_STORE);
        this.releases = context.getStateStore(AlertTopology.LINKED_RELEASES_STORE);
        this.pendingBefore = context.getStateStore(AlertTopology.LINKED_PENDING_STORE);
        this.waiting = context.getStateStore(AlertTopology.LINKED_WAITING_STORE);
    }

    /** {@code country|relief time|key}, the time as 20 digits that sort like the signed millis. */
    static String waitingKey(String key, long at) {
        String country = key.substring(0, key.indexOf('|'));
        return country + "|" + timeKey(at) + key.substring(country.length());
    }

    private static String timeKey(long at) {
        String unsigned = Long.toUnsignedString(at ^ Long.MIN_VALUE);
        return "0".repeat(20 - unsigned.length()) + unsigned;
    }

    /** The earlier window store of waiting reliefs, from before this one: its entries move over once. */
    private void moveOver() {
        movedOver = true;
        List<KeyValue<Windowed<String>, SanctionEvent>> before = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, SanctionEvent> it = pendingBefore.all()) {
            it.forEachRemaining(before::add);
        }
        for (KeyValue<Windowed<String>, SanctionEvent> entry : before) {
            waiting.put(waitingKey(entry.key.key(), entry.key.window().start()), entry.value);
            pendingBefore.put(entry.key.key(), null, entry.key.window().start());
        }
    }

    /** Drops the waiting reliefs no release still accepted can meet; at most once per hour of release time. */
    private void purge() {
        long releaseTime = releaseClock.latest();
        if (releaseTime < nextPurge) {
            return;
        }
        nextPurge = releaseTime + 3_600_000L;
        long oldest = releaseTime - rules.linkWindow().toMillis() - rules.massGrace().toMillis();
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, SanctionEvent> it = waiting.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.occurredAt().toEpochMilli() < oldest) {
                    gone.add(kv.key);
                }
            });
        }
        gone.forEach(waiting::delete);
    }

    @Override
    public void process(Record<String, IngestedEvent> record) {
        if (!movedOver) {
            moveOver();
        }
        String country = record.key();
        if (record.value().hasRelease()) {
            released(country, record.value().release(), record);
        } else if (record.value().sanction().action().isRelief()) {
            relieved(country, record.value().sanction(), record);
        }
    }

    private void released(String country, ReleaseEvent release, Record<String, IngestedEvent> record) {
        long at = release.occurredAt().toEpochMilli();
        releases.put(country + "|" + release.eventId(),
                new ReleaseMark(release.eventId(), release.person().id(), release.agreement(), release.source()), at);
        long link = rules.linkWindow().toMillis();
        List<KeyValue<String, SanctionEvent>> inRange = new ArrayList<>();
        try (KeyValueIterator<String, SanctionEvent> it = waiting.range(country + "|" + timeKey(at - link),
                country + "|" + timeKey(at + link) + "|\uffff")) {
            it.forEachRemaining(inRange::add);
        }
        for (KeyValue<String, SanctionEvent> relief : inRange) {
            String key = country + "|" + SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, relief.value);
            if (fire(country, key, relief.value, release.occurredAt(), record)) {
                waiting.delete(relief.key);
            }
        }
        releaseClock.advance(release.occurredAt());
        purge();
    }

    private void relieved(String country, SanctionEvent sanction, Record<String, IngestedEvent> record) {
        String key = country + "|" + SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, sanction);
        long at = sanction.occurredAt().toEpochMilli();
        ReliefState known = reliefs.fetch(key, at);
        if (known != null && known.fired()) {
            return; // this relief has its alert
        }
        SanctionEvent relief = known != null ? known.sanction() : sanction;
        String waitingKey = waitingKey(key, relief.occurredAt().toEpochMilli());
        if (fire(country, key, relief, sanction.occurredAt(), record)) {
            waiting.delete(waitingKey); // a redelivered relief that was waiting
        } else {
            if (known == null) {
                reliefs.put(key, ReliefState.pending(relief), at);
            }
            waiting.put(waitingKey, relief); // also when its state above is gone already (a backfill)
        }
    }

    /** Fires the relief if a release is in range, and says whether it did; otherwise it stays pending. */
    private boolean fire(String country, String key, SanctionEvent sanction, Instant trigger, Record<String, IngestedEvent> record) {
        long at = sanction.occurredAt().toEpochMilli();
        long link = rules.linkWindow().toMillis();
        Set<String> persons = new LinkedHashSet<>();
        // evidence: the relief, then the releases of its agreement, then the others (the list is capped)
        List<String> eventIds = new ArrayList<>(List.of(sanction.eventId()));
        List<String> otherEventIds = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        sources.add(sanction.source());
        List<Source> otherSources = new ArrayList<>();
        boolean sharedAgreement = false;
        try (KeyValueIterator<Windowed<String>, ReleaseMark> it = releases.fetch(country + "|", country + "|\uffff",
                Instant.ofEpochMilli(at - link), Instant.ofEpochMilli(at + link))) {
            while (it.hasNext()) {
                ReleaseMark mark = it.next().value;
                persons.add(mark.personId());
                boolean ofAgreement = sanction.agreement() != null && Objects.equals(sanction.agreement(), mark.agreement());
                (ofAgreement ? eventIds : otherEventIds).add(mark.eventId());
                (ofAgreement ? sources : otherSources).add(mark.source());
                sharedAgreement |= ofAgreement;
            }
        }
        eventIds.addAll(otherEventIds);
        sources.addAll(otherSources);
        if (persons.isEmpty()) {
            return false;
        }
        String confidence = sharedAgreement ? "high" : "medium";
        String agreement = sharedAgreement ? sanction.agreement() : null;
        reliefs.put(key, new ReliefState(sanction, true, persons.size(), agreement, confidence), at);
        context.forward(record.withValue(alert(country, sanction, persons.size(), agreement, confidence, trigger,
                eventIds, sources)));
        return true;
    }

    private static Alert alert(String country, SanctionEvent s, int releaseCount, String agreement, String confidence,
                               Instant trigger, List<String> eventIds, List<Source> sources) {
        ObjectNode sanction = Json.MAPPER.createObjectNode()
                .put("eventId", s.eventId())
                .put("issuer", s.issuer())
                .put("action", s.action().name());
        sanction.set("target", SanctionsChangeRule.target(s));
        sanction.put("sector", s.sector());
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.set("sanction", sanction);
        details.put("releaseCount", releaseCount);
        details.put("agreement", agreement);
        details.put("confidence", confidence);
        String title = SanctionsChangeRule.title(s) + ", linked to " + (releaseCount == 1 ? "1 release" : releaseCount + " releases")
                + " from " + Wording.country(country);
        return new Alert(Alert.SCHEMA, SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, s), AlertRule.LINKED_RELIEF,
                Severity.CRITICAL, country, title, trigger, null, Evidences.merge(eventIds, sources), details);
    }
}
