package org.releasewatch.rules;

import org.apache.kafka.common.utils.Utils;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.ingest.validation.EventValidator;
import org.releasewatch.ingest.validation.Validated;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.rules.reference.Arrival;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rules as a deployment with {@code tasks} partitions of the internal topics runs them: one topology per task
 * (a {@link RulesDriver} each), every record on the partition Kafka's default partitioner gives its key (murmur2 of
 * the key's bytes, modulo the partition count), each task fed its records in arrival order. The three internal
 * topics are co-partitioned: task i reads partition i of the events by country, the releases by person and the
 * watchlist (by person).
 */
final class TaskLayout {

    static final EventValidator INGEST = new EventValidator(1 << 20, Duration.ofHours(24),
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    private TaskLayout() {
    }

    /** The partition of {@code key} among {@code partitions}, as the producer's default partitioner picks it. */
    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Every alert of every task, in no particular order across tasks. */
    static List<Alert> run(List<Arrival> arrivals, int tasks, RulesConfig rules) {
        return run(arrivals, tasks, rules, null);
    }

    /** The same, with every task's purge run at the points {@code purges} draws (the same points for every layout). */
    static List<Alert> run(List<Arrival> arrivals, int tasks, RulesConfig rules, Random purges) {
        List<RulesDriver> drivers = drivers(tasks, rules);
        try {
            feed(drivers, arrivals, purges);
            List<Alert> alerts = new ArrayList<>();
            drivers.forEach(d -> alerts.addAll(d.alerts()));
            return alerts;
        } finally {
            drivers.forEach(RulesDriver::close);
        }
    }

    /** One topology per task, in memory; the caller closes them. */
    static List<RulesDriver> drivers(int tasks, RulesConfig rules) {
        List<RulesDriver> drivers = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            drivers.add(new RulesDriver(rules, false));
        }
        return drivers;
    }

    /** Each arrival to the task (or, for a release, the two tasks) its partitions belong to. */
    static void feed(List<RulesDriver> drivers, List<Arrival> arrivals) {
        feed(drivers, arrivals, null);
    }

    private static void feed(List<RulesDriver> drivers, List<Arrival> arrivals, Random purges) {
        int tasks = drivers.size();
        for (Arrival arrival : arrivals) {
            if (arrival instanceof Arrival.Released r) {
                ReleaseEvent release = ingested(r.release(), INGEST::release);
                drivers.get(partition(release.country(), tasks)).releaseByCountry(release);
                drivers.get(partition(release.person().id(), tasks)).releaseByPerson(release);
            } else if (arrival instanceof Arrival.Sanctioned s) {
                SanctionEvent sanction = ingested(s.sanction(), INGEST::sanction);
                drivers.get(partition(sanction.targetCountry(), tasks)).sanction(sanction);
            } else if (arrival instanceof Arrival.Watched w) {
                drivers.get(partition(w.entry().personId(), tasks)).watch(w.entry());
            } else {
                String personId = ((Arrival.Unwatched) arrival).personId();
                drivers.get(partition(personId, tasks)).unwatch(personId);
            }
            if (purges != null && purges.nextInt(10) == 0) {
                drivers.forEach(RulesDriver::purge);
            }
        }
    }

    /** An event as the rules get it, through the ingest's validation (country codes upper-case). */
    static <T> T ingested(T event, Function<byte[], Validated<T>> validate) {
        try {
            Validated<T> v = validate.apply(Json.MAPPER.writeValueAsBytes(event));
            if (v instanceof Validated.Valid<T> valid) {
                return valid.value();
            }
            throw new AssertionError("the generator made an invalid event: " + ((Validated.Invalid<T>) v).error() + " " + event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** Each alert by id, as JSON without what may differ between two runs of the same arrivals: the wall-clock emittedAt. */
    static Map<String, String> comparable(List<Alert> alerts) {
        Map<String, String> out = new TreeMap<>();
        for (Alert a : alerts) {
            String before = out.put(a.id(), Json.MAPPER.valueToTree(a.withEmittedAt(null)).toString());
            if (before != null) {
                throw new AssertionError("alert id " + a.id() + " twice: " + before);
            }
        }
        return out;
    }

    /**
     * What differs between two {@link #comparable} maps, one line per alert (its title, or for a changed alert its
     * first differing JSON), so a failure reads in a few lines.
     */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        expected.forEach((id, json) -> {
            String got = actual.get(id);
            if (got == null) {
                out.add("missing " + summary(json));
            } else if (!got.equals(json)) {
                int at = 0;
                while (at < json.length() && at < got.length() && json.charAt(at) == got.charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 40);
                out.add("changed " + summary(json) + ": expected …" + json.substring(from, Math.min(json.length(), at + 60))
                        + "… but got …" + got.substring(from, Math.min(got.length(), at + 60)) + "…");
            }
        });
        actual.forEach((id, json) -> {
            if (!expected.containsKey(id)) {
                out.add("extra " + summary(json));
            }
        });
        return out;
    }

    private static String summary(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode alert = Json.MAPPER.readTree(json);
            return alert.get("rule").asText() + " " + alert.get("country").asText() + " \"" + alert.get("title").asText() + "\"";
        } catch (java.io.IOException e) {
            return json;
        }
    }
}
