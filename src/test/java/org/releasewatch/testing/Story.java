package org.releasewatch.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.demo.December13Story;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.AlertTopology;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Feeding the 13 December 2025 story into a running service, as partners would. */
public final class Story {

    private Story() {
    }

    public static void feedWatchlist(String bootstrap, TopicsConfig topics) {
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap)) {
            for (WatchlistEntry entry : December13Story.watchlist()) {
                producer.send(Topics.record(topics.watchlist(), entry.personId(), Json.string(entry)));
            }
        }
    }

    /** Waits until the service's topology sees every watchlist entry of the story. */
    public static void awaitWatchlist(ReleasewatchService service) {
        KafkaStreams streams = service.context().getBean(KafkaStreams.class);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> December13Story.watchlist().stream()
                .allMatch(e -> streams.store(StoreQueryParameters.fromNameAndType(AlertTopology.WATCHLIST_STORE,
                        QueryableStoreTypes.<String, WatchlistEntry>keyValueStore())).get(e.personId()) != null));
    }

    /**
     * The 123 releases, then — once ingest has forwarded all of them to the internal events topic — the
     * Belaruskali relief. Releases and sanctions are read by two ingest consumers: sent together, the relief could
     * overtake some releases and LINKED_RELIEF would fire with fewer than 123. In this order its
     * {@code releaseCount} is exactly 123, as in the story.
     */
    public static void feedReleasesAndRelief(String bootstrap, TopicsConfig topics) {
        List<ReleaseEvent> releases = December13Story.releases();
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap)) {
            releases.forEach(r -> producer.send(Topics.record(topics.releases(), r.eventId(), Json.string(r))));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Topics.readCommitted(bootstrap, topics.internalEvents()).size() >= releases.size());
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap)) {
            var relief = December13Story.belaruskaliRelief();
            producer.send(Topics.record(topics.sanctions(), relief.eventId(), Json.string(relief)));
        }
    }

    public static List<Alert> alerts(String bootstrap, String topic) {
        return Topics.readCommitted(bootstrap, topic).stream().map(r -> Json.read(r.value(), Alert.class)).toList();
    }
}
