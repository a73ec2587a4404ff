package org.releasewatch.bench;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.Alert;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.AlertTopology;
import org.releasewatch.rules.RuleMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The alerts the rules should make of the bulk workload: the same topology with the default rules, in one
 * TopologyTestDriver task, fed the watchlist and then every event in generated (event-time) order. The
 * real pipeline's counts differ where its inputs interleave differently: the sanctions ingest reads its
 * small topic ahead of the releases.
 */
final class ReferenceRun {

    private ReferenceRun() {
    }

    static Map<String, Long> alertsByRule(List<Workload.Event> bulk) throws IOException {
        TopicsConfig topics = TopicsConfig.defaults();
        Path state = Files.createTempDirectory("bench-reference");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-reference");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        // as the service: never hold the events back waiting for the (silent) watchlist partition — with the
        // default the driver buffered every event until close(), out of memory at 1 M
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        Map<String, Long> byRule = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                AlertTopology.build(new StreamsBuilder(), topics, RulesConfig.defaults(), RuleMetrics.NONE), props)) {
            TestInputTopic<String, IngestedEvent> events = driver.createInputTopic(topics.internalEvents(),
                    new StringSerializer(), EventCodec.events().serializer());
            TestInputTopic<String, ReleaseEvent> byPerson = driver.createInputTopic(topics.internalReleasesByPerson(),
                    new StringSerializer(), EventCodec.releases().serializer());
            TestInputTopic<String, WatchlistEntry> watchlist = driver.createInputTopic(topics.internalWatchlist(),
                    new StringSerializer(), JsonSerde.of(WatchlistEntry.class).serializer());
            TestOutputTopic<String, Alert> alerts = driver.createOutputTopic(topics.alerts(),
                    new StringDeserializer(), JsonSerde.of(Alert.class).deserializer());
            Workload.watchlist().forEach(entry -> watchlist.pipeInput(entry.personId(), entry));
            int piped = 0;
            for (Workload.Event e : bulk) {
                IngestedEvent event = e.release() ? IngestedEvent.of(Json.read(e.json(), ReleaseEvent.class))
                        : IngestedEvent.of(Json.read(e.json(), SanctionEvent.class));
                events.pipeInput(event.country(), event);
                if (event.hasRelease()) {
                    byPerson.pipeInput(event.release().person().id(), event.release());
                }
                if (++piped % 10_000 == 0) {
                    alerts.readValuesToList().forEach(a -> byRule.merge(a.rule().name(), 1L, Long::sum));
                    // the driver keeps every record written to any topic, changelogs included: let them go
                    for (String topic : driver.producedTopicNames()) {
                        if (!topic.equals(topics.alerts())) {
                            driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                                    .readRecordsToList();
                        }
                    }
                }
            }
            alerts.readValuesToList().forEach(a -> byRule.merge(a.rule().name(), 1L, Long::sum));
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return byRule;
    }
}
