package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The rules' entry for retractions (contract v1.2, "Alerts that evolve", step 4): remembers each withdrawn
 * {@code eventId} of its key (a country, or a person) for as long as a rule behind it still accepts that report, so
 * that a report which comes after its retraction — or again after it — counts for nothing; and lets each retraction
 * through once, to the rules, which withdraw what the report made. A retraction of a report that never comes expires
 * like the report would have, and nothing is emitted for it.
 *
 * <p>State: {@link #BY_COUNTRY_STORE} or {@link #BY_PERSON_STORE}, (country or person, event id) → the time by which
 * the entry has expired, checked against that key's {@link RuleClock} (which only reports move); a wall-clock purge
 * frees what has expired. How long: a release by country as long as MASS_RELEASE or LINKED_RELIEF may count it
 * (window + lateness, two link windows + lateness); a sanction as long as SANCTIONS_CHANGE may alert on it
 * ({@code dedup-retention} + a day, as its occurrences); a release by person the lateness (the watchlist's).
 */
final class RetractionGate<V> implements Processor<String, V, String, V> {

    static final String BY_COUNTRY_STORE = "retractions-by-country";
    static final String BY_PERSON_STORE = "retractions-by-person";

    private final String storeName;
    private final boolean byPerson;
    private final Function<V, String> eventId;
    private final Function<V, Boolean> retracted;
    /** When the entry of a retraction has expired (its report's time plus how long a rule accepts that report). */
    private final ToLongFunction<V> until;
    private ProcessorContext<String, V> context;
    private KeyValueStore<Bytes, Long> withdrawn;
    private RuleClock countries;
    private PersonClock persons;
    private Purge purge;

    private RetractionGate(String storeName, boolean byPerson, Function<V, String> eventId, Function<V, Boolean> retracted,
                           ToLongFunction<V> until) {
        this.storeName = storeName;
        this.byPerson = byPerson;
        this.eventId = eventId;
        this.retracted = retracted;
        this.until = until;
    }

    /** The gate of the reports by country (releases and sanctions). */
    static StoredSupplier<String, IngestedEvent, String, IngestedEvent> byCountry(RuleSetup setup) {
        RulesConfig rules = setup.rules();
        long release = Math.max(rules.massWindow().toMillis(), 2 * rules.linkWindow().toMillis()) + rules.lateness().toMillis();
        long sanction = rules.dedupRetention().toMillis() + Duration.ofDays(1).toMillis();
        return StoredSupplier.of(() -> new RetractionGate<>(BY_COUNTRY_STORE, false, IngestedEvent::eventId,
                        IngestedEvent::retracted, e -> e.occurredAt().toEpochMilli() + (e.hasRelease() ? release : sanction)),
                List.of(setup.stores().keyValue(BY_COUNTRY_STORE, Serdes.Bytes(), Serdes.Long()), setup.stores().clock()));
    }

    /** The gate of the releases by person (the watchlist's). */
    static StoredSupplier<String, ReleaseEvent, String, ReleaseEvent> byPerson(RuleSetup setup) {
        long lateness = setup.rules().lateness().toMillis();
        return StoredSupplier.of(() -> new RetractionGate<>(BY_PERSON_STORE, true, ReleaseEvent::eventId,
                        ReleaseEvent::retracted, r -> r.occurredAt().toEpochMilli() + lateness),
                List.of(setup.stores().keyValue(BY_PERSON_STORE, Serdes.Bytes(), Serdes.Long()), setup.stores().clock(),
                        setup.stores().watchlistReleases()));
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
        this.withdrawn = context.getStateStore(storeName);
        if (byPerson) {
            this.persons = PersonClock.of(context);
        } else {
            this.countries = RuleClock.ofCountries(context);
        }
        this.purge = Purge.every(context, storeName, this::purgeExpired);
    }

    @Override
    public void process(Record<String, V> record) {
        V value = record.value();
        Bytes key = StateKey.of().text(record.key()).text(eventId.apply(value)).bytes();
        long now = byPerson ? persons.now(record.key()) : countries.now(record.key());
        Long kept = withdrawn.get(key);
        if (kept != null && expired(kept, now)) {
            withdrawn.delete(key);
            kept = null;
        }
        if (!retracted.apply(value)) {
            if (kept == null) {
                context.forward(record);
            }
            return; // withdrawn already: the report counts for nothing
        }
        long expiresAt = until.applyAsLong(value);
        if (kept != null || expired(expiresAt, now)) {
            return; // withdrawn once already, or its report is too late for every rule behind the gate
        }
        withdrawn.put(key, expiresAt);
        purge.written();
        context.forward(record);
    }

    private static boolean expired(long expiresAt, long now) {
        return now != RuleClock.NEVER && expiresAt <= now;
    }

    private void purgeExpired() {
        if (byPerson) {
            // a person's clock is in their watchlist value: read once per person a step meets
            Map<String, Long> seen = new HashMap<>();
            purge.where(withdrawn, (key, expiresAt) -> expired(expiresAt,
                    seen.computeIfAbsent(StateKey.read(key).text(), persons::now)));
            return;
        }
        Map<String, Long> clocks = countries.all();
        if (!purge.scanning(withdrawn) && clocks.isEmpty()) {
            return;
        }
        purge.where(withdrawn, (key, expiresAt) -> expired(expiresAt,
                clocks.getOrDefault(StateKey.read(key).text(), RuleClock.NEVER)));
    }
}
