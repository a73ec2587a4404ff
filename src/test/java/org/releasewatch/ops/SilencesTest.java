package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.BadParameter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Matching, validation, and what every instance keeps of the silences and acks topics. */
class SilencesTest {

    static final Instant NOW = Instant.parse("2025-12-13T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static JsonNode person(String id) {
        return JsonNodeFactory.instance.objectNode().set("person", JsonNodeFactory.instance.objectNode().put("id", id));
    }

    @Test
    void everyGivenMatcherMustMatchAndAnyValueOfAListDoes() {
        Matchers m = new Matchers(List.of("WATCHLIST_RELEASE", "MASS_RELEASE"), List.of("BY"), List.of("viasna:1"), null, "warning");
        assertThat(m.matches("WATCHLIST_RELEASE", "critical", "BY", person("viasna:1"))).isTrue();
        assertThat(m.matches("WATCHLIST_RELEASE", "info", "BY", person("viasna:1"))).as("below minSeverity").isFalse();
        assertThat(m.matches("WATCHLIST_RELEASE", "critical", "RU", person("viasna:1"))).as("other country").isFalse();
        assertThat(m.matches("WATCHLIST_RELEASE", "critical", "BY", person("viasna:2"))).as("other person").isFalse();
        assertThat(m.matches("MASS_RELEASE", "critical", "BY", JsonNodeFactory.instance.objectNode())).as("no person").isFalse();
        assertThat(m.matches("SANCTIONS_CHANGE", "critical", "BY", person("viasna:1"))).as("other rule").isFalse();

        Matchers targets = new Matchers(null, null, null, List.of("ofac:123"), null);
        JsonNode linked = Json.read("{\"sanction\":{\"target\":{\"id\":\"ofac:123\"}}}", JsonNode.class);
        JsonNode change = Json.read("{\"target\":{\"id\":\"ofac:123\"}}", JsonNode.class);
        assertThat(targets.matches("LINKED_RELIEF", "critical", "BY", linked)).isTrue();
        assertThat(targets.matches("SANCTIONS_CHANGE", "info", "BY", change)).isTrue();
        assertThat(targets.matches("SANCTIONS_CHANGE", "info", "BY", person("ofac:123"))).isFalse();
    }

    @Test
    void aRequestIsReadAsTheSilenceItAsksFor() {
        Silence s = SilenceRequest.parse(Json.read("""
                {"matchers": {"rules": ["mass_release"], "countries": ["by", "BY"], "minSeverity": "Warning"},
                 "startsAt": "2025-12-13T11:00:00Z", "endsAt": "2025-12-13T18:00:00+01:00", "comment": " known feed "}""",
                JsonNode.class), OpsConfig.defaults(), NOW, "s-1", "alice");
        assertThat(s.matchers()).isEqualTo(new Matchers(List.of("MASS_RELEASE"), List.of("BY"), null, null, "warning"));
        assertThat(s.startsAt()).as("a start in the past means now").isEqualTo(NOW);
        assertThat(s.endsAt()).isEqualTo(Instant.parse("2025-12-13T17:00:00Z"));
        assertThat(s.comment()).isEqualTo("known feed");
        assertThat(s.createdBy()).isEqualTo("alice");
        assertThat(s.state(NOW)).isEqualTo("active");
    }

    @Test
    void boundsAreEnforcedNamingTheField() {
        OpsConfig small = new OpsConfig(10, 20, 2, 1, 10);
        String future = NOW.plus(Duration.ofHours(1)).toString();
        assertThatThrownBy(() -> SilenceRequest.parse(Json.read("{\"matchers\": {\"countries\": [\"BY\", \"RU\", \"LT\"]}, \"endsAt\": \""
                + future + "\", \"comment\": \"c\"}", JsonNode.class), small, NOW, "s", "a"))
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("matchers.countries"));
        assertThatThrownBy(() -> SilenceRequest.parse(Json.read("{\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": \""
                + future + "\", \"comment\": \"" + "c".repeat(21) + "\"}", JsonNode.class), small, NOW, "s", "a"))
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("comment"));
        assertThatThrownBy(() -> SilenceRequest.parse(Json.read("{\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": \""
                + future + "\", \"comment\": \"c\", \"extra\": 1}", JsonNode.class), small, NOW, "s", "a"))
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("extra"));
    }

    @Test
    void anEarlyEndIsFinalAndOldEndedSilencesAreForgotten() {
        Silences silences = new Silences(null, TopicsConfig.defaults(), RulesConfig.defaults(), OpsConfig.defaults(), null, CLOCK);
        Silence created = new Silence("s-1", new Matchers(null, List.of("BY"), null, null, null), NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(4)), "c", "alice", NOW.minusSeconds(60), null);
        Silence ended = created.endedAt(NOW, "bob");
        silences.apply("s-1", Json.bytes(ended));
        silences.apply("s-1", Json.bytes(created)); // the create, read back after the end
        assertThat(silences.get("s-1")).contains(ended);
        assertThat(silences.holding("MASS_RELEASE", "critical", "BY", null, NOW.minusSeconds(1))).isPresent();
        assertThat(silences.holding("MASS_RELEASE", "critical", "BY", null, NOW)).isEmpty();

        Silence ancient = new Silence("s-2", created.matchers(), NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(40)),
                "c", "alice", NOW.minus(Duration.ofDays(60)), null);
        silences.apply("s-2", Json.bytes(ancient));
        assertThat(silences.get("s-2")).isEmpty();
        silences.apply("s-1", null);
        assertThat(silences.all()).isEmpty();
    }

    @Test
    void acksAreBoundedByRetentionAndCount() {
        Acks acks = new Acks(null, TopicsConfig.defaults(), RulesConfig.defaults(), new OpsConfig(500, 1000, 100, 1000, 10), null, CLOCK);
        acks.apply("old", Json.bytes(new Ack("old", "alice", NOW.minus(Duration.ofDays(31)), null)));
        assertThat(acks.of("old")).isEmpty();
        for (int i = 0; i < 11; i++) {
            acks.apply("a" + i, Json.bytes(new Ack("a" + i, "alice", NOW.minusSeconds(100 - i), null)));
        }
        assertThat(acks.size()).isLessThanOrEqualTo(10);
        assertThat(acks.of("a0")).as("the oldest is forgotten first").isEmpty();
        assertThat(acks.of("a10")).isPresent();
        assertThatThrownBy(() -> acks.apply("a1", Json.bytes(new Ack("another", "alice", NOW, null))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAckAppliesToItsThreadAndAnAckWithoutAThreadToItsOwnAlert() {
        Acks acks = new Acks(null, TopicsConfig.defaults(), RulesConfig.defaults(), OpsConfig.defaults(), null, CLOCK);
        acks.apply("first-1", Json.bytes(new Ack("first-1", "alice", NOW.minusSeconds(30), null)));
        assertThat(acks.ofThread("first-1")).as("written before v1.2: its alert is its thread").isPresent();
        acks.apply("update-2", Json.bytes(new Ack("update-2", "bob", NOW.minusSeconds(10), "later", "first-1")));
        assertThat(acks.ofThread("first-1")).map(Ack::by).as("the newest ack of the thread").contains("bob");
        acks.apply("update-2", null);
        assertThat(acks.ofThread("first-1")).map(Ack::by).as("a tombstone leaves the thread's other ack").contains("alice");
        acks.apply("first-1", null);
        assertThat(acks.ofThread("first-1")).isEmpty();
    }
}
