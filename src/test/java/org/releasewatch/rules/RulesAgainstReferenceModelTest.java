package org.releasewatch.rules;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.rules.reference.Arrival;
import org.releasewatch.rules.reference.ExactModel;
import org.releasewatch.rules.reference.Scenario;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules topology against {@link ExactModel}: months of generated arrivals (several countries, backfills past the
 * lateness, second sources, redeliveries, reliefs, the watchlist changing before and after releases, retractions of
 * releases, of second sources' reports and of sanctions, some before their reports) fed in their
 * order, with restarts at random points (new processors over the state as restored) followed by a redelivery of the
 * last events before the restart (what a crash since the last commit re-reads), and purges at random points. The
 * alerts must be exactly the model's: ids, rule, severity, country, time and figures, and for later messages of a
 * thread their msgType, thread and references.
 *
 * <p>A failing try prints its seeds; add them as an {@link Example} below. {@code -Djqwik.tries.default=2000} runs
 * longer by hand.
 */
@Fast
class RulesAgainstReferenceModelTest {

    /** Small thresholds, so that small workloads reach them. */
    static final RulesConfig RULES = new RulesConfig(List.of(3, 6), Duration.ofHours(24), Duration.ofHours(48),
            Duration.ofDays(7), Duration.ofDays(400), Duration.ofDays(30));
    static final ExactModel.Settings MODEL = new ExactModel.Settings(RULES.massThresholds(), RULES.massWindow(),
            RULES.lateness(), RULES.linkWindow(), RULES.dedupRetention());
    static final Scenario.Shape SHAPE = new Scenario.Shape(RULES.massThresholds(), RULES.lateness());

    @Property(tries = 200)
    void theAlertsAreExactlyTheModelsForEachCountrysArrivalOrderWhateverTheRestartsAndRedeliveries(
            @ForAll long seed, @ForAll long faults) {
        Scenario scenario = Scenario.months(seed, SHAPE);
        List<Arrival> delivered = new ArrayList<>();
        List<Alert> alerts = feed(scenario.arrivals(), new Random(faults), true, delivered);
        ExactModel.Result model = ExactModel.run(delivered, MODEL);
        assertThat(differences(model.alerts(), alerts)).as("seed %d, faults %d", seed, faults).isEmpty();
        collect(model);
    }

    @Property(tries = 30)
    void theSameArrivalsGiveTheSameAlertsWithOrWithoutRestartsAndRedeliveries(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Scenario scenario = Scenario.months(seed, SHAPE);
        List<Alert> restarted = feed(scenario.arrivals(), new Random(seed), true, new ArrayList<>());
        // the straight run gets each arrival once: a redelivery is no new fact
        List<Alert> straight = feed(scenario.arrivals(), new Random(seed), false, new ArrayList<>());
        assertThat(TaskLayout.differences(TaskLayout.comparable(straight), TaskLayout.comparable(restarted)))
                .as("seed %d", seed).isEmpty();
    }

    /** A fixed scenario first, where failing seeds are to be kept. */
    @Example
    void aFixedSeedMatchesTheModel() {
        Scenario scenario = Scenario.months(7L, SHAPE);
        List<Arrival> delivered = new ArrayList<>();
        List<Alert> alerts = feed(scenario.arrivals(), new Random(11L), true, delivered);
        assertThat(differences(ExactModel.alerts(delivered, MODEL), alerts)).isEmpty();
    }

    private static void collect(ExactModel.Result model) {
        boolean higher = model.alerts().values().stream().anyMatch(a -> a.rule() == AlertRule.MASS_RELEASE
                && a.figures().get("count").equals(RULES.massThresholds().get(RULES.massThresholds().size() - 1)));
        ExactModel.Met met = model.met();
        Statistics.label("higher MASS_RELEASE threshold reached").collect(higher);
        Statistics.label("a release late for MASS_RELEASE (backfill past the lateness)").collect(met.lateForMass() > 0);
        Statistics.label("a release too late to link").collect(met.tooLateToLink() > 0);
        Statistics.label("a release late for its person").collect(met.lateForPerson() > 0);
        Statistics.label("watched after a release, within the lateness: alerted").collect(met.addedAndAlerted() > 0);
        Statistics.label("watched after a release, beyond the lateness: not alerted").collect(met.addedTooLate() > 0);
        Statistics.label("a redelivery").collect(met.redelivered() > 0);
        Statistics.label("a MASS_RELEASE day's final count").collect(model.alerts().keySet().stream()
                .anyMatch(id -> model.alerts().get(id).rule() == AlertRule.MASS_RELEASE && model.alerts().get(id).figures().get("msgType") != null
                        && !model.alerts().get(id).figures().get("count").equals(RULES.massThresholds().get(RULES.massThresholds().size() - 1))));
        Statistics.label("a watched release corroborated by a second source").collect(model.alerts().values().stream()
                .anyMatch(a -> a.rule() == AlertRule.WATCHLIST_RELEASE && "update".equals(a.figures().get("msgType"))));
        Statistics.label("a watched person's day corroborated by a report from another country")
                .collect(met.corroboratedFromTwoCountries() > 0);
        Statistics.label("a LINKED_RELIEF update (a threshold, or the final count)").collect(model.alerts().values().stream()
                .anyMatch(a -> a.rule() == AlertRule.LINKED_RELIEF && "update".equals(a.figures().get("msgType"))));
        Statistics.label("LINKED_RELIEF").collect(model.alerts().values().stream().anyMatch(a -> a.rule() == AlertRule.LINKED_RELIEF));
        Statistics.label("a retraction before its report").collect(met.retractedBeforeReport() > 0);
        Statistics.label("a retraction cancelling a MASS_RELEASE threshold").collect(met.massCancelled() > 0);
        Statistics.label("LINKED_RELIEF decreased by a retraction").collect(met.linkedDecreased() > 0);
        Statistics.label("a corroborated watched release back to one source").collect(met.backToSingleSource() > 0);
        Statistics.label("a thread revived after a cancel").collect(met.revived() > 0);
        Statistics.label("a SANCTIONS_CHANGE cancelled").collect(model.alerts().values().stream()
                .anyMatch(a -> a.rule() == AlertRule.SANCTIONS_CHANGE && "cancel".equals(a.figures().get("msgType"))));
        Statistics.label("higher MASS_RELEASE threshold reached").coverage(c -> c.check(true).percentage(p -> p >= 30));
        Statistics.label("a release late for MASS_RELEASE (backfill past the lateness)").coverage(c -> c.check(true).percentage(p -> p >= 30));
        // measured about 20 % each over 200 tries: a floor of 10 % proves the generator reaches them without flaking
        Statistics.label("watched after a release, within the lateness: alerted").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("watched after a release, beyond the lateness: not alerted").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("a MASS_RELEASE day's final count").coverage(c -> c.check(true).percentage(p -> p >= 30));
        Statistics.label("a redelivery").coverage(c -> c.check(true).percentage(p -> p >= 30));
        // retractions: measured over 200 tries 77 %, 57 %, 24 %, 22 % and 35 %; floors about half of that
        Statistics.label("a retraction before its report").coverage(c -> c.check(true).percentage(p -> p >= RETRACTED_FIRST_FLOOR));
        Statistics.label("a retraction cancelling a MASS_RELEASE threshold").coverage(c -> c.check(true).percentage(p -> p >= MASS_CANCEL_FLOOR));
        Statistics.label("LINKED_RELIEF decreased by a retraction").coverage(c -> c.check(true).percentage(p -> p >= LINKED_DECREASE_FLOOR));
        Statistics.label("a corroborated watched release back to one source").coverage(c -> c.check(true).percentage(p -> p >= SINGLE_AGAIN_FLOOR));
        Statistics.label("a thread revived after a cancel").coverage(c -> c.check(true).percentage(p -> p >= REVIVED_FLOOR));
        // measured 25 % and 21 % over 200 tries (0 % when every second source named the person's own country)
        Statistics.label("a watched person's day corroborated by a report from another country")
                .coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    static final double RETRACTED_FIRST_FLOOR = 35;
    static final double MASS_CANCEL_FLOOR = 25;
    static final double LINKED_DECREASE_FLOOR = 10;
    static final double SINGLE_AGAIN_FLOOR = 10;
    static final double REVIVED_FLOOR = 15;

    /**
     * The thread invariants of contract v1.2 on what the topic holds, with restarts and redeliveries: no message twice;
     * every {@code references} id is an earlier message of the same thread; a cancel that withdraws its thread is its
     * last message unless a later report revives it, with an update that references the cancel.
     */
    @Property(tries = 50)
    void everyThreadOnTheTopicKeepsTheInvariants(@ForAll long seed, @ForAll long faults) {
        List<Alert> alerts = feed(Scenario.months(seed, SHAPE).arrivals(), new Random(faults), true, new ArrayList<>());
        assertThat(ThreadInvariants.violations(alerts, RULES.massThresholds().get(0))).as("seed %d, faults %d", seed, faults).isEmpty();
        // every change line the rules write is one the renderers can say in another language (i18n/ChangeLines)
        assertThat(alerts).filteredOn(a -> a.change() != null).extracting(Alert::change)
                .as("change lines ChangeLines does not recognise").allMatch(org.releasewatch.i18n.ChangeLines::recognised);
        Statistics.label("threads with a cancel").collect(alerts.stream().anyMatch(a -> a.msgType() == org.releasewatch.model.MsgType.CANCEL));
        // measured 80 % over 50 tries
        Statistics.label("threads with a cancel").coverage(c -> c.check(true).percentage(p -> p >= 40));
    }

    // ---- the run ----------------------------------------------------------------------------------

    /**
     * Feeds the arrivals to one task. With {@code faults}: restarts at random points, each followed by a redelivery of
     * the last few events (releases and sanctions; a crash re-reads them, and their eventIds make them no new fact),
     * and purges at random points. {@code delivered} gets every arrival as fed, redeliveries included.
     */
    static List<Alert> feed(List<Arrival> arrivals, Random random, boolean faults, List<Arrival> delivered) {
        try (RulesDriver driver = new RulesDriver(RULES, false)) { // in memory: same order and semantics, far quicker to build
            Consumer<Arrival> pipe = arrival -> {
                delivered.add(arrival);
                if (arrival instanceof Arrival.Released r) {
                    driver.release(TaskLayout.ingested(r.release(), TaskLayout.INGEST::release));
                } else if (arrival instanceof Arrival.Sanctioned s) {
                    driver.sanction(TaskLayout.ingested(s.sanction(), TaskLayout.INGEST::sanction));
                } else if (arrival instanceof Arrival.Watched w) {
                    driver.watch(w.entry());
                } else {
                    driver.unwatch(((Arrival.Unwatched) arrival).personId());
                }
            };
            for (int i = 0; i < arrivals.size(); i++) {
                pipe.accept(arrivals.get(i));
                // the fault schedule is drawn whether or not it is used
                boolean restart = random.nextInt(12) == 0;
                int replay = random.nextInt(4);
                boolean purge = random.nextInt(8) == 0;
                if (faults && restart) {
                    driver.restart();
                    for (int j = Math.max(0, i - replay + 1); j <= i; j++) {
                        if (arrivals.get(j) instanceof Arrival.Released || arrivals.get(j) instanceof Arrival.Sanctioned) {
                            pipe.accept(arrivals.get(j));
                        }
                    }
                }
                if (faults && purge) {
                    driver.purge();
                }
            }
            return driver.alerts();
        }
    }

    // ---- the check --------------------------------------------------------------------------------

    /** What differs between the model's alerts and the topology's, one line per alert; also any id twice. */
    static List<String> differences(Map<String, ExactModel.Expected> model, List<Alert> alerts) {
        List<String> out = new ArrayList<>();
        Map<String, ExactModel.Expected> actual = new TreeMap<>();
        Set<String> twice = new HashSet<>();
        for (Alert alert : alerts) {
            if (actual.put(alert.id(), asModel(alert)) != null && twice.add(alert.id())) {
                out.add("twice " + alert.rule() + " " + alert.title());
            }
        }
        model.forEach((id, expected) -> {
            ExactModel.Expected got = actual.get(id);
            if (got == null) {
                out.add("missing " + expected);
            } else if (!got.equals(expected)) {
                out.add("changed " + expected + " → " + got);
            }
        });
        actual.forEach((id, got) -> {
            if (!model.containsKey(id)) {
                out.add("extra " + got);
            }
        });
        return out;
    }

    private static ExactModel.Expected asModel(Alert alert) {
        JsonNode d = alert.details();
        Map<String, Object> figures = new TreeMap<>();
        if (alert.rule() == AlertRule.MASS_RELEASE) {
            figures.put("count", d.get("count").asInt());
            Map<String, Integer> byDestination = new TreeMap<>();
            d.get("byDestination").fields().forEachRemaining(e -> byDestination.put(e.getKey(), e.getValue().asInt()));
            figures.put("byDestination", byDestination);
            figures.put("corroborated", d.get("corroborated").asInt());
        } else if (alert.rule() == AlertRule.LINKED_RELIEF) {
            figures.put("releaseCount", d.get("releaseCount").asInt());
            figures.put("confidence", d.get("confidence").asText());
            figures.put("agreement", d.get("agreement").asText());
        } else if (alert.rule() == AlertRule.WATCHLIST_RELEASE) {
            figures.put("priority", d.get("priority").asText());
            figures.put("eventId", alert.evidence().eventIds().get(0));
            figures.put("corroboration", d.get("corroboration").asText());
        }
        if (alert.msgType() != null) {
            figures.put("msgType", alert.msgType().name().toLowerCase(java.util.Locale.ROOT));
            figures.put("thread", alert.thread());
            figures.put("references", alert.references());
        }
        return new ExactModel.Expected(alert.id(), alert.rule(), alert.severity(), alert.country(), alert.occurredAt(),
                Map.copyOf(figures));
    }

    static String json(Alert alert) {
        return Json.MAPPER.valueToTree(alert).toString();
    }
}
