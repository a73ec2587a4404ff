package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Source;
import org.releasewatch.model.details.LinkedReliefDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * LINKED_RELIEF: a relief (LIFTED or EASED) on a country and at least one release from that country
 * within ± the link window of the relief's {@code occurredAt}, in either arrival order. A relief with
 * no release in range waits for one; it fires once, with the number of distinct persons released in
 * range as seen then, and {@code confidence} high when a linked release carries the relief's agreement id.
 * Several reliefs with one dedup key (the same measure reported twice on a day) each wait with their own
 * time; the first that meets a release fires for all.
 *
 * <p>Time is the country's {@link RuleClock}. A relief waits while its link window is not more than the grace behind
 * the clock ({@code relief + link + grace > now}); a relief later than that is not linked (DEBUG line).
 * A release is kept while a relief that may still arrive can reach it ({@code release + 2 × link + grace >
 * now}). Reads check these bounds themselves, so the purge (a wall-clock punctuation) only frees space.
 *
 * <p>State: the country's releases in {@link CountryReleases}, which {@link MassReleaseRule} writes before this rule
 * sees the release (this rule only reads them); {@link AlertTopology#LINKED_WAITING_STORE}, keyed (country, time, event
 * id) so one country's range is one scan → the waiting relief; and, for the query API and to skip a redelivered fired
 * relief, {@link AlertTopology#LINKED_RELIEF_STORE} (country, alert id) → {@link ReliefState}.
 */
final class LinkedReliefRule implements Processor<String, IngestedEvent, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(LinkedReliefRule.class);

    private final RulesConfig rules;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<Bytes, ReliefState> reliefs;
    private CountryReleases releases;
    private KeyValueStore<Bytes, SanctionEvent> waiting;
    private RuleClock clock;
    private Purge purge;
    /**
     * Per country, a count never below the number of its reliefs waiting in the store, made from the store at the
     * task's first record or purge (after its state is restored), so that a release from a country with none waiting
     * opens no iterator (in {@code bench/run} that range read was a twelfth of the stream thread's time). It may count
     * a relief written twice (redelivered) twice: a count too high only costs a range read.
     */
    private Map<String, Integer> mayWait;
    /** The countries with a fired relief in the store (or had one: a country too many only costs a range read). */
    private Set<String> fired;
    private final FollowedReliefs followed = new FollowedReliefs();

    LinkedReliefRule(RulesConfig rules) {
        this.rules = rules;
    }

    /** The rule's unit: the reports by country in, its stores declared with its processor. */
    static RuleUnit<IngestedEvent> unit(RuleSetup setup) {
        RuleStores stores = setup.stores();
        return new RuleUnit<>(AlertRule.LINKED_RELIEF, RuleInputs::events, StoredSupplier.of(
                () -> new LinkedReliefRule(setup.rules()),
                // cached: every release of the country moves each open relief's upper bound, and a commit then writes
                // a relief's state once, not once per release
                List.of(stores.cached(AlertTopology.LINKED_RELIEF_STORE, Serdes.Bytes(), JsonSerde.of(ReliefState.class)),
                        stores.countryReleases(),
                        stores.keyValue(AlertTopology.LINKED_WAITING_STORE, Serdes.Bytes(), EventCodec.sanctions()),
                        stores.clock())));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.reliefs = context.getStateStore(AlertTopology.LINKED_RELIEF_STORE);
        this.releases = new CountryReleases(context.getStateStore(AlertTopology.COUNTRY_RELEASES_STORE),
                rules.massWindow().toMillis(), MassReleaseRule.releasesKeptFor(rules));
        this.waiting = context.getStateStore(AlertTopology.LINKED_WAITING_STORE);
        this.clock = RuleClock.ofCountries(context);
        this.purge = Purge.every(context, "linked-relief", this::purgeExpired);
        this.mayWait = null;
    }

    /** Counts the waiting reliefs per country, once: before the first record or purge of the task. */
    private void countWaiting() {
        if (mayWait == null) {
            fired = new HashSet<>();
            try (KeyValueIterator<Bytes, ReliefState> it = reliefs.all()) {
                followed.clear();
                it.forEachRemaining(kv -> {
                    if (kv.value.fired()) {
                        fired.add(StateKey.read(kv.key).text());
                    }
                    followed.wrote(kv.key, kv.value);
                });
            }
            mayWait = new HashMap<>();
            try (KeyValueIterator<Bytes, SanctionEvent> it = waiting.all()) {
                it.forEachRemaining(kv -> waits(StateKey.read(kv.key).text(), 1));
            }
        }
    }

    /** Counts {@code n} more (or, negative, fewer) reliefs waiting on {@code country}. */
    private void waits(String country, int n) {
        int count = mayWait.getOrDefault(country, 0) + n;
        if (count > 0) {
            mayWait.put(country, count);
        } else {
            mayWait.remove(country);
        }
    }

    private long link() {
        return rules.linkWindow().toMillis();
    }

    /** How long a relief is kept (waiting, or fired) behind the clock. */
    private long reliefRetention() {
        return link() + rules.lateness().toMillis();
    }

    /** How long a release is kept behind the clock: a relief still accepted may be a link window after it. */
    private long releaseRetention() {
        return 2 * link() + rules.lateness().toMillis();
    }

    private static Bytes timed(String country, long at, String id) {
        return StateKey.of().text(country).time(at).text(id).bytes();
    }

    private static Bytes from(String country, long at) {
        return StateKey.of().text(country).time(at).bytes();
    }

    private static Bytes reliefKey(String country, String alertId) {
        return StateKey.of().text(country).text(alertId).bytes();
    }

    @Override
    public void process(Record<String, IngestedEvent> record) {
        String country = record.key();
        countWaiting();
        if (record.value().hasRelease() && record.value().retracted()) {
            releaseWithdrawn(country, record.value().release(), record);
        } else if (record.value().hasRelease()) {
            released(country, record.value().release(), record);
        } else if (record.value().sanction().action().isRelief() && record.value().retracted()) {
            reliefWithdrawn(country, record.value().sanction(), record);
        } else if (record.value().sanction().action().isRelief()) {
            relieved(country, record.value().sanction(), record);
        }
    }

    private void released(String country, ReleaseEvent release, Record<String, IngestedEvent> record) {
        long at = release.occurredAt().toEpochMilli();
        long now = clock.advance(country, release.occurredAt());
        if (RuleClock.expired(at, releaseRetention(), now)) {
            LOG.debug("Release {} of {} at {} is too late to link to a relief", release.eventId(), country, release.occurredAt());
            followFired(country, Long.MIN_VALUE / 2, now, record);
            return;
        }
        // kept by MassReleaseRule already; a redelivered release only moves a fired relief's upper bound, which a
        // recount then corrects
        followFired(country, at, now, record);
        if (!mayWait.containsKey(country)) {
            return;
        }
        List<SanctionEvent> inRange = new ArrayList<>();
        try (KeyValueIterator<Bytes, SanctionEvent> it = waiting.range(from(country, at - link()), from(country, at + link() + 1))) {
            it.forEachRemaining(kv -> {
                if (!RuleClock.expired(kv.value.occurredAt().toEpochMilli(), reliefRetention(), now)) {
                    inRange.add(kv.value);
                }
            });
        }
        Set<String> fired = new HashSet<>();
        for (SanctionEvent relief : inRange) {
            String alertId = SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, relief);
            if (!fired.contains(alertId) && fire(country, relief, release.occurredAt(), record)) {
                fired.add(alertId);
            }
        }
    }

    /**
     * A retraction of a kept release: it no longer links; each open thread whose window holds it and whose persons
     * linked fall below the count last reported gets an {@code update}, or with none left a {@code cancel} (step
     * {@code withdrawn:<eventId>}). A retraction does not move the clock; its report must have its {@code occurredAt}.
     */
    private void releaseWithdrawn(String country, ReleaseEvent retraction, Record<String, IngestedEvent> record) {
        long at = retraction.occurredAt().toEpochMilli();
        // MassReleaseRule has withdrawn the report from the country's releases already; a retraction of a report
        // not kept finds every count as it was, and says nothing
        if (!fired.contains(country) || RuleClock.expired(at, releaseRetention(), clock.now(country))) {
            return;
        }
        for (KeyValue<Bytes, ReliefState> kv : open(country, reliefAt -> Math.abs(reliefAt - at) <= link())) {
            ReliefState state = kv.value;
            SanctionEvent relief = state.sanction();
            Linked linked = linked(country, relief);
            if (linked.persons() >= state.releaseCount()) {
                putRelief(kv.key, state.counted(linked.persons()));
                continue;
            }
            String thread = state.messages().get(0);
            String id = MessageIds.of(thread, Withdrawal.step(retraction.eventId()));
            boolean none = linked.persons() == 0;
            Alert message = alert(country, relief, linked, retraction.occurredAt()).inThread(none ? MsgType.CANCEL : MsgType.UPDATE,
                    id, thread, state.messages(), Withdrawal.change(none ? "" : Wording.releases(linked.persons())
                            + ", was " + state.releaseCount(),
                            retraction.retractionNote()));
            context.forward(record.withValue(message));
            putRelief(kv.key, state.reported(id, linked.persons(), linked.agreement(relief), linked.confidence()));
        }
    }

    /**
     * A retraction of a relief: waiting, it waits no more; fired, and the report that fired it, its thread gets a
     * {@code cancel} (step {@code withdrawn:<eventId>}) and says nothing more. Another report of the same measure (the
     * same alert id) after that stays silent: the thread followed the report that fired it.
     */
    private void reliefWithdrawn(String country, SanctionEvent retraction, Record<String, IngestedEvent> record) {
        Bytes waitingKey = timed(country, retraction.occurredAt().toEpochMilli(), retraction.eventId());
        if (waiting.get(waitingKey) != null) {
            waiting.delete(waitingKey);
            waits(country, -1);
        }
        Bytes stateKey = reliefKey(country, SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, retraction));
        ReliefState state = reliefs.get(stateKey);
        if (state == null || !state.sanction().eventId().equals(retraction.eventId())
                || RuleClock.expired(state.sanction().occurredAt().toEpochMilli(), reliefRetention(), clock.now(country))) {
            return; // not this report's, or expired (whether the purge has freed it yet or not)
        }
        if (!state.fired()) {
            reliefs.delete(stateKey);
            followed.deleted(stateKey);
            return;
        }
        if (state.messages().isEmpty() || state.releaseCount() == 0) {
            putRelief(stateKey, state.close()); // its thread was cancelled already: it stays so
            return;
        }
        String thread = state.messages().get(0);
        String id = MessageIds.of(thread, Withdrawal.step(retraction.eventId()));
        Linked linked = linked(country, state.sanction());
        context.forward(record.withValue(alert(country, state.sanction(), linked, retraction.occurredAt())
                .inThread(MsgType.CANCEL, id, thread, state.messages(), Withdrawal.change("", retraction.retractionNote()))));
        putRelief(stateKey, state.reported(id, linked.persons(), linked.agreement(state.sanction()), linked.confidence()).close());
    }

    /** The fired reliefs of {@code country} whose thread is still followed and whose time {@code wanted} accepts. */
    private List<KeyValue<Bytes, ReliefState>> open(String country, LongPredicate wanted) {
        return followed.of(country, wanted);
    }

    private void putRelief(Bytes key, ReliefState state) {
        reliefs.put(key, state);
        followed.wrote(key, state);
    }


    private void relieved(String country, SanctionEvent sanction, Record<String, IngestedEvent> record) {
        long at = sanction.occurredAt().toEpochMilli();
        if (RuleClock.expired(at, reliefRetention(), clock.now(country))) {
            LOG.debug("Relief {} on {} at {} is later than the grace; not linked", sanction.eventId(), country, sanction.occurredAt());
            return;
        }
        Bytes stateKey = reliefKey(country, SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, sanction));
        ReliefState known = reliefs.get(stateKey);
        if (known != null && known.fired()) {
            return; // this measure has its alert
        }
        if (!fire(country, sanction, sanction.occurredAt(), record)) {
            waiting.put(timed(country, at, sanction.eventId()), sanction);
            waits(country, 1);
            if (known == null) {
                putRelief(stateKey, ReliefState.waiting(sanction));
            }
        }
    }

    /**
     * Fires the relief if a release is in range, and says whether it did. Firing ends the wait of every
     * relief with the same alert id (they share its UTC day).
     */
    private boolean fire(String country, SanctionEvent sanction, Instant trigger, Record<String, IngestedEvent> record) {
        Linked linked = linked(country, sanction);
        if (linked.persons() == 0) {
            return false;
        }
        String alertId = SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, sanction);
        putRelief(reliefKey(country, alertId), new ReliefState(sanction, true, 0, null, null)
                .reported(alertId, linked.persons(), linked.agreement(sanction), linked.confidence()));
        fired.add(country);
        endWaits(country, sanction.occurredAt().toEpochMilli(), alertId);
        context.forward(record.withValue(alert(country, sanction, linked, trigger)));
        return true;
    }

    /** What is linked to a relief: the distinct persons released within its window, and the evidence. */
    private record Linked(int persons, List<String> eventIds, List<Source> sources, boolean sharedAgreement) {

        String confidence() {
            return sharedAgreement ? "high" : "medium";
        }

        String agreement(SanctionEvent sanction) {
            return sharedAgreement ? sanction.agreement() : null;
        }
    }

    private Linked linked(String country, SanctionEvent sanction) {
        long at = sanction.occurredAt().toEpochMilli();
        Set<String> persons = new LinkedHashSet<>();
        // evidence: the relief, then the releases of its agreement, then the others (the list is capped)
        List<String> eventIds = new ArrayList<>(List.of(sanction.eventId()));
        List<String> otherEventIds = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        sources.add(sanction.source());
        List<Source> otherSources = new ArrayList<>();
        boolean sharedAgreement = false;
        for (CountryReleases.Linked mark : releases.between(country, at - link(), at + link())) {
            persons.add(mark.personId());
            boolean ofAgreement = sanction.agreement() != null && Objects.equals(sanction.agreement(), mark.agreement());
            (ofAgreement ? eventIds : otherEventIds).add(mark.eventId());
            (ofAgreement ? sources : otherSources).add(mark.source());
            sharedAgreement |= ofAgreement;
        }
        eventIds.addAll(otherEventIds);
        sources.addAll(otherSources);
        return new Linked(persons.size(), eventIds, sources, sharedAgreement);
    }

    /**
     * The fired reliefs of {@code country} as a release at {@code at} (or a redelivered or too late one, which counts
     * for nothing) comes with its clock at {@code now}: each whose window holds the release may have reached the next MASS_RELEASE threshold above its last
     * count (an {@code update}, step {@code count:<n>}); each whose window closed (its end and the lateness passed)
     * with a count other than the last reported gets its final count (step {@code final}).
     */
    private void followFired(String country, long at, long now, Record<String, IngestedEvent> record) {
        if (!fired.contains(country)) {
            return;
        }
        for (KeyValue<Bytes, ReliefState> kv : open(country, reliefAt -> RuleClock.expired(reliefAt, reliefRetention(), now)
                || Math.abs(reliefAt - at) <= link())) {
            ReliefState state = kv.value;
            SanctionEvent relief = state.sanction();
            long reliefAt = relief.occurredAt().toEpochMilli();
            // closed: decided by the relief's own state, not by the clock's last value, which the other rules of
            // the task move on the same release before this one sees it
            if (RuleClock.expired(reliefAt, reliefRetention(), now)) {
                Linked linked = linked(country, relief);
                ReliefState closing = linked.persons() != state.releaseCount()
                        ? emitUpdate(country, state, linked, "final", record) : state;
                putRelief(kv.key, closing.close());
                continue;
            }
            if (Math.abs(reliefAt - at) > link()) {
                continue;
            }
            if (state.releaseCount() == 0) {
                // every release it linked was withdrawn and its thread cancelled: this one links it again
                putRelief(kv.key, emitUpdate(country, state, linked(country, relief),
                        "revived:" + record.value().eventId(), record));
                continue;
            }
            Integer next = rules.massThresholds().stream().filter(t -> t > state.releaseCount()).min(Integer::compare).orElse(null);
            if (next == null) {
                continue;
            }
            ReliefState more = state.plusRelease();
            if (more.upper() < next) {
                putRelief(kv.key, more);
                continue;
            }
            ReleaseEvent release = record.value().release();
            if (releases.reportedBetween(country, release.person().id(), release.eventId(), reliefAt - link(), reliefAt + link())) {
                // the person is linked already: no count moved, and a recount (a scan of the window) would say so;
                // without this check, once the bound meets the threshold every report of a known person rescans
                continue;
            }
            Linked linked = linked(country, relief);
            if (linked.persons() >= next) {
                String step = state.messages().contains(MessageIds.of(state.messages().get(0), "count:" + next))
                        ? "count:" + next + ":" + record.value().eventId() : "count:" + next;
                putRelief(kv.key, emitUpdate(country, state, linked, step, record));
            } else {
                putRelief(kv.key, state.counted(linked.persons()));
            }
        }
    }

    /** Emits the update of {@code state}'s thread that {@code step} made, and returns the state that reported it. */
    private ReliefState emitUpdate(String country, ReliefState state, Linked linked, String step,
                                   Record<String, IngestedEvent> record) {
        String thread = state.messages().get(0);
        String id = MessageIds.of(thread, step);
        SanctionEvent relief = state.sanction();
        Alert update = alert(country, relief, linked, record.value().release().occurredAt())
                .inThread(MsgType.UPDATE, id, thread, state.messages(), Wording.releases(linked.persons())
                        + (step.equals("final") ? " linked when the window closed" : "") + ", was " + state.releaseCount()
                        + (step.startsWith("revived:") ? ": reported again" : ""));
        context.forward(record.withValue(update));
        return state.reported(id, linked.persons(), linked.agreement(relief), linked.confidence());
    }

    private void endWaits(String country, long at, String alertId) {
        long day = 86_400_000L;
        long dayStart = Math.floorDiv(at, day) * day;
        List<Bytes> done = new ArrayList<>();
        try (KeyValueIterator<Bytes, SanctionEvent> it = waiting.range(from(country, dayStart), from(country, dayStart + day))) {
            it.forEachRemaining(kv -> {
                if (SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, kv.value).equals(alertId)) {
                    done.add(kv.key);
                }
            });
        }
        done.forEach(waiting::delete);
        waits(country, -done.size());
    }

    /** Frees what has expired, each country's state by its own clock. */
    private void purgeExpired() {
        Map<String, Long> clocks = clock.all();
        if (clocks.isEmpty()) {
            return;
        }
        countWaiting();
        purge.perLeadingText(waiting, country -> bound(clocks, country, reliefRetention()), (country, deleted) -> waits(country, -deleted));
        purge.where(reliefs, (key, relief) -> RuleClock.expired(relief.sanction().occurredAt().toEpochMilli(), reliefRetention(),
                clocks.getOrDefault(StateKey.read(key).text(), RuleClock.NEVER)));
        followed.forgetPurged((country, at) -> RuleClock.expired(at, reliefRetention(), clocks.getOrDefault(country, RuleClock.NEVER)),
                reliefs::get);
    }

    /** The time before which a country's state kept for {@code retention} has expired, or {@link Long#MIN_VALUE}. */
    private static long bound(Map<String, Long> clocks, String country, long retention) {
        Long now = clocks.get(country);
        return now == null ? Long.MIN_VALUE : now - retention + 1;
    }

    private static Alert alert(String country, SanctionEvent s, Linked linked, Instant trigger) {
        int releaseCount = linked.persons();
        LinkedReliefDetails details = new LinkedReliefDetails(
                new LinkedReliefDetails.Sanction(s.eventId(), s.issuer(), s.action().name(), s.target(), s.sector()),
                releaseCount, linked.agreement(s), linked.confidence());
        String title = SanctionsChangeRule.title(s) + ", linked to " + Wording.releases(releaseCount)
                + " from " + Wording.country(country);
        return new Alert(Alert.SCHEMA, SanctionsChangeRule.id(AlertRule.LINKED_RELIEF, s), AlertRule.LINKED_RELIEF,
                Severity.CRITICAL, country, title, trigger, null, Evidences.merge(linked.eventIds(), linked.sources()), details.json());
    }

    /** Reliefs the rule knows, fired (linked to releases) or still waiting, of one country or all: for the query API. */
    static List<ReliefState> known(ReadOnlyKeyValueStore<Bytes, ReliefState> store, Optional<String> country) {
        List<ReliefState> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, ReliefState> it = country
                .map(c -> StateKey.of().text(c).bytes())
                .map(prefix -> store.range(prefix, StateKey.after(prefix)))
                .orElseGet(store::all)) {
            it.forEachRemaining((KeyValue<Bytes, ReliefState> kv) -> out.add(kv.value));
        }
        return out;
    }
}
