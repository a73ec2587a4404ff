package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a roster version means: who left or became released, who came back, who has no country. */
@Fast
class RosterDiffTest {

    private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
    private static final RosterConfig CONFIG = new RosterConfig("viasna", "https://example.org/r.csv", "csv",
            Map.of("id", "id", "name", "name", "status", "status"), "BY", List.of("Released", "освобождён"),
            Duration.ofHours(1), "https://example.org/roster", false, null, null);
    private static final RosterDiff DIFF = new RosterDiff(CONFIG, "releases");

    private static Map<String, RosterEntry> roster(RosterEntry... entries) {
        Map<String, RosterEntry> m = new HashMap<>();
        for (RosterEntry e : entries) {
            m.put(e.id(), e);
        }
        return m;
    }

    private static RosterEntry held(String id, String country) {
        return RosterEntry.listed(id, "Person " + id, country, "held");
    }

    private static List<ReleaseEvent> events(ListSource.Version<RosterEntry> v) {
        return v.events().stream().map(o -> Json.read(o.value(), ReleaseEvent.class)).toList();
    }

    private static ListSource.Context at(Instant t, long version) {
        return new ListSource.Context(t, t, "sha256:x", version);
    }

    @Test
    void aPersonWhoLeavesOrBecomesReleasedIsAnInferredRelease() {
        Map<String, RosterEntry> before = roster(held("1", "BY"), held("2", "BY"), held("3", "RU"));
        Map<String, RosterEntry> after = roster(RosterEntry.listed("2", "Person 2", "BY", " освобождён "), held("3", "RU"),
                held("4", "BY"));
        ListSource.Version<RosterEntry> v = DIFF.next(before, after, at(T1, 5));
        assertThat(v.changed()).isTrue();
        List<ReleaseEvent> events = events(v);
        assertThat(events).extracting(ReleaseEvent::eventId).containsExactly("viasna:1:5", "viasna:2:5");
        ReleaseEvent first = events.get(0);
        assertThat(first.inferred()).isTrue();
        assertThat(first.retracted()).isFalse();
        assertThat(first.person().id()).isEqualTo("viasna:1");
        assertThat(first.person().name()).isEqualTo("Person 1");
        assertThat(first.country()).isEqualTo("BY");
        assertThat(first.occurredAt()).isEqualTo(T1);
        assertThat(first.source().name()).isEqualTo("viasna");
        assertThat(first.source().url()).isEqualTo("https://example.org/roster");
        assertThat(v.events()).extracting(ListSource.Out::key).containsExactly("viasna:1", "viasna:2");
        assertThat(v.entries().get("1").gone()).isTrue();
        assertThat(v.entries().get("1").releasedIn()).isEqualTo(5L);
        assertThat(v.entries().get("2").gone()).isFalse();
        assertThat(v.entries()).containsKeys("3", "4");
    }

    @Test
    void aPersonWhoComesBackWithdrawsThatReleaseAndOnlyThatOne() {
        Map<String, RosterEntry> v5 = DIFF.next(roster(held("1", "BY"), held("2", "BY")), roster(held("2", "BY")), at(T1, 5)).entries();
        Instant t2 = T1.plus(Duration.ofDays(2));
        ListSource.Version<RosterEntry> v6 = DIFF.next(v5, roster(held("2", "BY")), at(t2, 6));
        assertThat(v6.events()).as("still gone: nothing new").isEmpty();
        assertThat(v6.changed()).isFalse();
        ListSource.Version<RosterEntry> v7 = DIFF.next(v6.entries(), roster(held("1", "BY"), held("2", "BY")), at(t2, 7));
        ReleaseEvent retraction = events(v7).get(0);
        assertThat(events(v7)).hasSize(1);
        assertThat(retraction.eventId()).isEqualTo("viasna:1:5");
        assertThat(retraction.retracted()).isTrue();
        assertThat(retraction.inferred()).isTrue();
        assertThat(retraction.occurredAt()).as("the withdrawn release's").isEqualTo(T1);
        assertThat(retraction.retractionNote()).isEqualTo("back on the roster viasna as held in its version 7");
        assertThat(v7.entries().get("1").releaseInferred()).isFalse();
        // released again later: a new event id
        ListSource.Version<RosterEntry> v8 = DIFF.next(v7.entries(), roster(held("2", "BY")), at(t2, 8));
        assertThat(events(v8)).extracting(ReleaseEvent::eventId).containsExactly("viasna:1:8");
    }

    @Test
    void aPersonWithNoCountryIsUnresolvedAndNeverAnEvent() {
        ListSource.Version<RosterEntry> v = DIFF.next(roster(held("1", null), held("2", "BY")), roster(held("2", "BY")), at(T1, 1));
        assertThat(v.events()).isEmpty();
        assertThat(v.unresolved()).extracting(ListStatus.Unresolved::entryId).containsExactly("1");
        assertThat(v.changed()).isTrue();
        assertThat(v.entries()).doesNotContainKey("1");
        assertThat(DIFF.next(v.entries(), roster(held("1", null), held("2", "BY")), at(T1, 2)).events())
                .as("no retraction of a release never written").isEmpty();
    }

    @Test
    void aNewPersonIsNoEventAndAReleaseIsForgottenAfterNinetyDays() {
        ListSource.Version<RosterEntry> v = DIFF.next(roster(held("1", "BY")), roster(held("1", "BY"), held("9", "BY")), at(T1, 1));
        assertThat(v.events()).isEmpty();
        assertThat(v.changed()).isFalse();
        Map<String, RosterEntry> gone = DIFF.next(roster(held("1", "BY")), roster(), at(T1, 1)).entries();
        assertThat(DIFF.next(gone, roster(), at(T1.plus(Duration.ofDays(89)), 2)).entries()).containsKey("1");
        assertThat(DIFF.next(gone, roster(), at(T1.plus(Duration.ofDays(91)), 2)).entries()).isEmpty();
    }
}
