package org.releasewatch.ops;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Releases per country and UTC day (of {@code occurredAt}) over the last {@link #DAYS} days, for the country page:
 * the rules keep a day's tally only for the mass-release window and its grace, so every instance counts the month
 * itself from the validated events ({@code internal-events}, read from {@link #DAYS} days back). Distinct persons
 * per day, as MASS_RELEASE counts them; at most {@link #MAX_PERSONS_PER_DAY} are told apart per country and day
 * (beyond that {@code capped} says the count is a floor).
 */
@Context
public class ReleaseDays {

    public static final int DAYS = 31;
    static final int MAX_PERSONS_PER_DAY = 10_000;

    /** One country's day. */
    static final class Day {
        final Set<String> persons = new HashSet<>();
        final Map<String, Integer> byDestination = new TreeMap<>();
        boolean capped;
    }

    private final Map<String, Map<LocalDate, Day>> byCountry = new ConcurrentHashMap<>();
    private final CompactedView view;
    private final Clock clock;

    public ReleaseDays(KafkaClients clients, TopicsConfig topics, TopicProvisioner topicsReady) {
        this(clients, topics, Clock.systemUTC());
    }

    ReleaseDays(KafkaClients clients, TopicsConfig topics, Clock clock) {
        this.clock = clock;
        this.view = new CompactedView("release-days", clients, topics.internalEvents(), Duration.ofDays(DAYS + 1), true, this::apply);
    }

    @PostConstruct
    void start() {
        view.start();
    }

    @PreDestroy
    void stop() {
        view.stop();
    }

    void apply(String key, byte[] value) {
        if (value == null) {
            return;
        }
        IngestedEvent event = EventCodec.readEvent(value);
        if (!event.hasRelease()) {
            return;
        }
        ReleaseEvent r = event.release();
        if (r.country() == null || r.occurredAt() == null || r.person() == null || r.person().id() == null) {
            return;
        }
        LocalDate day = r.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate today = LocalDate.now(clock);
        if (day.isBefore(today.minusDays(DAYS)) || day.isAfter(today.plusDays(1))) {
            return;
        }
        Map<LocalDate, Day> days = byCountry.computeIfAbsent(r.country(), c -> new ConcurrentHashMap<>());
        Day d = days.computeIfAbsent(day, x -> new Day());
        synchronized (d) {
            if (d.persons.contains(r.person().id())) {
                return;
            }
            if (d.persons.size() >= MAX_PERSONS_PER_DAY) {
                d.capped = true;
                return;
            }
            d.persons.add(r.person().id());
            d.byDestination.merge(r.transferredTo() == null ? "unknown" : r.transferredTo(), 1, Integer::sum);
        }
        days.keySet().removeIf(x -> x.isBefore(today.minusDays(DAYS)));
    }

    /** The last {@code n} days (1 to {@link #DAYS}) up to today, oldest first, each {date, count, byDestination}. */
    public List<Map<String, Object>> lastDays(String country, int n) {
        LocalDate today = LocalDate.now(clock);
        Map<LocalDate, Day> days = byCountry.getOrDefault(country, Map.of());
        List<Map<String, Object>> out = new ArrayList<>();
        for (LocalDate day = today.minusDays(n - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            Day d = days.get(day);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", day.toString());
            if (d == null) {
                row.put("count", 0);
                row.put("byDestination", Map.of());
            } else {
                synchronized (d) {
                    row.put("count", d.persons.size());
                    row.put("byDestination", new TreeMap<>(d.byDestination));
                    if (d.capped) {
                        row.put("capped", true);
                    }
                }
            }
            out.add(row);
        }
        return out;
    }

    Map<String, Object> state() {
        return view.state();
    }
}
