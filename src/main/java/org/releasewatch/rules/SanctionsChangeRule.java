package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.details.SanctionsChangeDetails;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * SANCTIONS_CHANGE: every sanctions change; {@code warning} for relief (LIFTED, EASED), else {@code info}. One per
 * issuer, target, action and UTC day — and per occurrence of that action that day: a lift, a re-listing and a lift
 * again are three alerts (contract v1.2, "Sanctions list changes, exactly"), while reports of one change by several
 * sources, or one report redelivered, stay one. The first occurrence keeps the id v1.1 gave it.
 *
 * <p>What that takes is the day's sequence of actions per issuer and target, in the country's arrival order
 * ({@link SanctionOccurrences}, in {@link AlertTopology#SANCTION_OCCURRENCES_STORE}), kept as long as the alert ids
 * are ({@code releasewatch.rules.dedup-retention} behind the country's {@link RuleClock}).
 */
final class SanctionsChangeRule implements Processor<String, SanctionEvent, String, Alert> {

    private final RulesConfig rules;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<Bytes, SanctionOccurrences> occurrences;
    private KeyValueStore<String, ThreadLog> threads;
    private RuleClock clock;
    private Purge purge;

    SanctionsChangeRule(RulesConfig rules) {
        this.rules = rules;
    }

    /** The rule's unit: sanctions by country in, an alert out for each run of an action. */
    static RuleUnit<SanctionEvent> unit(RuleSetup setup) {
        RuleStores stores = setup.stores();
        return new RuleUnit<>(AlertRule.SANCTIONS_CHANGE, RuleInputs::sanctions, StoredSupplier.of(
                () -> new SanctionsChangeRule(setup.rules()),
                List.of(stores.keyValue(AlertTopology.SANCTION_OCCURRENCES_STORE, Serdes.Bytes(), JsonSerde.of(SanctionOccurrences.class)),
                        stores.threads(), stores.clock())));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.occurrences = context.getStateStore(AlertTopology.SANCTION_OCCURRENCES_STORE);
        this.threads = context.getStateStore(AlertTopology.THREADS_STORE);
        this.clock = RuleClock.ofCountries(context);
        this.purge = Purge.every(context, "sanctions-change", this::purgeExpired);
    }

    @Override
    public void process(Record<String, SanctionEvent> record) {
        SanctionEvent s = record.value();
        Bytes key = key(record.key(), s);
        SanctionOccurrences before = occurrences.get(key);
        SanctionOccurrences seen = before == null ? SanctionOccurrences.NONE : before;
        if (s.retracted()) {
            withdraw(record, seen, key);
            return;
        }
        if (seen.knows(s.eventId())) {
            return; // a redelivered report has no further effect
        }
        SanctionOccurrences after = seen.plus(s.eventId(), s.action().name());
        occurrences.put(key, after);
        if (before == null) {
            purge.written();
        }
        Alert alert = alert(s, after.occurrence(s.eventId()));
        ThreadLog log = threads.get(alert.id());
        if (log != null && log.withdrawn()) {
            // its run's reports were all withdrawn and its alert cancelled: this report stands again
            alert = alert.inThread(MsgType.UPDATE, MessageIds.of(alert.id(), "revived:" + s.eventId()), alert.id(),
                    log.messages(), "reported again" + (s.source() == null ? "" : " (" + s.source().name() + ")"));
        }
        context.forward(record.withValue(alert));
    }

    /**
     * A retraction: the report no longer counts; when none of its run's reports stands, the run's alert gets a
     * {@code cancel} (step {@code withdrawn:<eventId>}).
     */
    private void withdraw(Record<String, SanctionEvent> record, SanctionOccurrences seen, Bytes key) {
        SanctionEvent s = record.value();
        long day = Math.floorDiv(s.occurredAt().toEpochMilli(), Duration.ofDays(1).toMillis()) * Duration.ofDays(1).toMillis();
        if (RuleClock.expired(day, rules.dedupRetention().toMillis() + Duration.ofDays(1).toMillis(), clock.now(record.key()))
                || !seen.knows(s.eventId())) {
            return; // its day has expired (purged yet or not), or its report has not come: the gate keeps it for it
        }
        int occurrence = seen.occurrence(s.eventId());
        SanctionOccurrences after = seen.withdrawn(s.eventId());
        occurrences.put(key, after);
        if (after.stands(s.action().name(), occurrence)) {
            return;
        }
        Alert alert = alert(s, occurrence);
        ThreadLog log = threads.get(alert.id());
        if (log == null || log.withdrawn()) {
            return; // never on the topic (too old), or withdrawn already
        }
        context.forward(record.withValue(alert.inThread(MsgType.CANCEL, MessageIds.of(alert.id(), Withdrawal.step(s.eventId())),
                alert.id(), log.messages(), Withdrawal.change("", s.retractionNote()))));
    }

    /** Keys lead with the country and the day, so that each country's expired days are one range at its front. */
    private static Bytes key(String country, SanctionEvent s) {
        long day = Math.floorDiv(s.occurredAt().toEpochMilli(), Duration.ofDays(1).toMillis()) * Duration.ofDays(1).toMillis();
        return StateKey.of().text(country).time(day).text(s.issuer()).text(s.target().id()).bytes();
    }

    private void purgeExpired() {
        long kept = rules.dedupRetention().toMillis() + Duration.ofDays(1).toMillis();
        java.util.Map<String, Long> clocks = clock.all();
        purge.perLeadingText(occurrences, country -> {
            Long now = clocks.get(country);
            return now == null ? Long.MIN_VALUE : now - kept + 1;
        }, (country, deleted) -> { });
    }

    /** The alert of the {@code occurrence}-th run of {@code s}'s action on its day (1 for the first). */
    static Alert alert(SanctionEvent s, int occurrence) {
        SanctionsChangeDetails details = new SanctionsChangeDetails(s.issuer(), s.action().name(), s.target(), s.sector(),
                s.program(), s.agreement());
        String id = occurrence <= 1 ? id(AlertRule.SANCTIONS_CHANGE, s)
                : AlertIds.of(AlertRule.SANCTIONS_CHANGE, s.issuer(), s.target().id(), s.action().name(),
                Wording.utcDate(s.occurredAt()), "occurrence " + occurrence);
        return new Alert(Alert.SCHEMA, id, AlertRule.SANCTIONS_CHANGE, s.action().isRelief() ? Severity.WARNING : Severity.INFO,
                s.targetCountry(), title(s) + " (" + Wording.country(s.targetCountry()) + ")", s.occurredAt(), null,
                Evidences.of(s.eventId(), s.source()), details.json());
    }

    /** The contract's dedup key of a sanction, for SANCTIONS_CHANGE and LINKED_RELIEF alike. */
    static String id(AlertRule rule, SanctionEvent s) {
        return AlertIds.of(rule, s.issuer(), s.target().id(), s.action().name(), Wording.utcDate(s.occurredAt()));
    }

    /** e.g. {@code US lifted sanctions on Belaruskali}. */
    static String title(SanctionEvent s) {
        return s.issuer() + " " + s.action().name().toLowerCase(Locale.ROOT) + " sanctions on " + s.target().name();
    }
}
