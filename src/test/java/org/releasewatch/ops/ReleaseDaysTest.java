package org.releasewatch.ops;

import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The country page's month: distinct persons per UTC day and destination, only the last 31 days kept. */
class ReleaseDaysTest {

    static final Instant NOW = Instant.parse("2025-12-13T12:00:00Z");

    static byte[] release(String person, Instant at, String to) {
        return EventCodec.write(IngestedEvent.of(new ReleaseEvent("e-" + person + at, at, "BY", new Person(person, person, List.of()),
                List.of(), to, null, new Source("Viasna", "https://spring96.org"))));
    }

    @Test
    void countsDistinctPersonsPerDayByDestination() {
        ReleaseDays days = new ReleaseDays(null, TopicsConfig.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        days.apply("BY", release("p1", NOW.minusSeconds(3600), "LT"));
        days.apply("BY", release("p1", NOW.minusSeconds(60), "LT")); // the same person again that day
        days.apply("BY", release("p2", NOW.minusSeconds(60), null));
        days.apply("BY", release("p3", NOW.minus(Duration.ofDays(2)), "UA"));
        days.apply("BY", release("p4", NOW.minus(Duration.ofDays(40)), "UA")); // older than the month: not kept
        List<Map<String, Object>> month = days.lastDays("BY", 30);
        assertThat(month).hasSize(30);
        assertThat(month.get(29)).containsEntry("date", "2025-12-13").containsEntry("count", 2)
                .containsEntry("byDestination", new java.util.TreeMap<>(Map.of("LT", 1, "unknown", 1)));
        assertThat(month.get(27)).containsEntry("date", "2025-12-11").containsEntry("count", 1);
        assertThat(month.stream().mapToInt(d -> (Integer) d.get("count")).sum()).isEqualTo(3);
        assertThat(days.lastDays("LT", 3)).allSatisfy(d -> assertThat(d).containsEntry("count", 0));
    }
}
