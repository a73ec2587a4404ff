package org.releasewatch.rules;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.Json;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.AlertSize;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.Fast;
import org.releasewatch.testing.FieldLimits;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Releases with every field at its v1.1 limit (2 048-character source URLs, 256-character names, 50 charges of 512)
 * make the largest alerts the rules can write: each alert record, as the sink writes it, is under the cap.
 */
@Fast
class MaximumSizeAlertsTest {

    @Test
    void massAndWatchlistAlertsOfMaximumSizeReleasesArriveUnderTheCap() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "max-size-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("max-size").toString());
        RuleMetrics metrics = new RuleMetrics() {
            @Override
            public void lateReleaseNotCounted(String country) {
            }

            @Override
            public void alertEmitted(Alert alert, Instant ingestedAt) {
            }

            @Override
            public void alertTooOldToDeduplicate(AlertRule rule) {
            }
        };
        try (TopologyTestDriver driver = new TopologyTestDriver(AlertTopology.build(new StreamsBuilder(),
                RulesDriver.TOPICS, RulesConfig.defaults(), metrics), props)) {
            TestInputTopic<String, IngestedEvent> events = driver.createInputTopic(RulesDriver.TOPICS.internalEvents(),
                    new StringSerializer(), EventCodec.events().serializer());
            TestInputTopic<String, ReleaseEvent> byPerson = driver.createInputTopic(RulesDriver.TOPICS.internalReleasesByPerson(),
                    new StringSerializer(), EventCodec.releases().serializer());
            TestInputTopic<String, WatchlistEntry> watchlist = driver.createInputTopic(RulesDriver.TOPICS.internalWatchlist(),
                    new StringSerializer(), JsonSerde.of(WatchlistEntry.class).serializer());
            TestOutputTopic<String, byte[]> alerts = driver.createOutputTopic(RulesDriver.TOPICS.alerts(),
                    new StringDeserializer(), new ByteArrayDeserializer());

            List<ReleaseEvent> releases = IntStream.range(0, 100).mapToObj(i -> FieldLimits.fullRelease(
                    RulesDriver.release("e" + i, "2025-12-13T10:" + String.format("%02d", i % 60) + ":00Z", "BY", "p" + i, "LT"),
                    "max-" + i)).toList();
            watchlist.pipeInput(releases.get(0).person().id(), new WatchlistEntry(releases.get(0).person().id(),
                    FieldLimits.text("Watched ", 256), Priority.HIGH, FieldLimits.text("note ", 1024)));
            releases.forEach(r -> {
                events.pipeInput(r.country(), IngestedEvent.of(r));
                byPerson.pipeInput(r.person().id(), r);
            });

            List<byte[]> written = alerts.readValuesToList();
            List<Alert> read = written.stream().map(b -> Json.read(b, Alert.class)).toList();
            assertThat(read).extracting(Alert::rule).containsExactlyInAnyOrder(
                    AlertRule.WATCHLIST_RELEASE, AlertRule.MASS_RELEASE, AlertRule.MASS_RELEASE);
            assertThat(written).allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(AlertSize.MAX_BYTES));
            Alert hundred = read.stream().filter(a -> a.details().path("threshold").asInt() == 100).findFirst().orElseThrow();
            int sources = hundred.evidence().sources().size()
                    + (hundred.evidence().sourcesOmitted() == null ? 0 : hundred.evidence().sourcesOmitted());
            assertThat(sources).as("every source kept or counted as left out").isEqualTo(100);
            assertThat(hundred.evidence().eventIds().size()
                    + (hundred.evidence().eventIdsOmitted() == null ? 0 : hundred.evidence().eventIdsOmitted())).isEqualTo(100);
            System.out.printf("largest alert: %d bytes%n", written.stream().mapToInt(b -> b.length).max().orElse(0));
        }
    }
}
