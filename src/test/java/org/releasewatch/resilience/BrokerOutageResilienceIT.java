package org.releasewatch.resilience;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.CaughtUp;
import org.releasewatch.testing.ExpectedAlerts;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service runs against an external broker (its own, in this JVM; not the shared one) while a
 * producer feeds the 13 December story and {@value #EXTRA} more releases at a steady pace. In the middle of
 * the feed the broker stops for {@code OUTAGE} (30 s) and comes back on the same port and data folder.
 * The service rides it out in the same context: /health says 503 during the outage and 200 after, the
 * stream topology never fails or stops (same KafkaStreams, RUNNING, no failed stream thread), and nothing
 * is lost or doubled: every produced event is on the internal events topic once, the alerts topic holds
 * exactly the alerts the input gives, each once, and nothing valid went to the DLQ.
 */
class BrokerOutageResilienceIT {

    static final int EXTRA = 1500;
    static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int RECORDS_PER_TICK = 3; // every 100 ms
    private static final Set<KafkaStreams.State> FAILED = EnumSet.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    @TempDir
    Path dir;

    private final List<Exception> sendErrors = new CopyOnWriteArrayList<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();

    @Test
    void theServiceRidesOutA30SecondBrokerOutageLosingAndDoublingNothing() throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dir.resolve("kafka"));
        String bootstrap = broker.bootstrapServers();
        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> props = TestService.properties(topics, dir.resolve("service"), bootstrap);
        String applicationId = (String) props.get("releasewatch.application-id");
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        try (ReleasewatchService service = TestService.start(props);
             KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap, Map.of(
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis(),
                     ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis(),
                     ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000))) {
            int http = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(http, "/health").statusCode() == 200);
            KafkaStreams streams = service.context().getBean(KafkaStreams.class);

            Burst burst = Burst.december13(EXTRA);
            burst.sendWatchlist(producer, topics);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Topics.readCommitted(bootstrap, topics.internalWatchlist()).size() == burst.watchlist().size());
            List<ProducerRecord<byte[], byte[]>> feed = feed(burst, topics);
            AtomicInteger next = new AtomicInteger();
            feeder.scheduleAtFixedRate(() -> {
                for (int i = 0; i < RECORDS_PER_TICK && next.get() < feed.size(); i++) {
                    ProducerRecord<byte[], byte[]> record = feed.get(next.getAndIncrement());
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            sendErrors.add(error);
                        } else {
                            acked.add(new String(record.key()));
                        }
                    });
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= feed.size() / 3);

            broker.close();
            long down = System.nanoTime();
            int sentBeforeOutage = next.get();
            List<Integer> healthDuring = new ArrayList<>();
            List<KafkaStreams.State> statesDuring = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(http, "/health").statusCode() == 503);
            await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                healthDuring.add(Http.get(http, "/health").statusCode());
                statesDuring.add(streams.state());
                return System.nanoTime() - down >= OUTAGE.toNanos();
            });
            int sentDuringOutage = next.get() - sentBeforeOutage;
            broker = EmbeddedKafkaBroker.start(port, dir.resolve("kafka"));
            long outage = Duration.ofNanos(System.nanoTime() - down).toMillis();

            await().atMost(Duration.ofSeconds(120)).until(() -> Http.get(http, "/health").statusCode() == 200);
            long recovered = Duration.ofNanos(System.nanoTime() - down).toMillis() - outage;
            await().atMost(Duration.ofMinutes(3)).until(() -> acked.size() + sendErrors.size() == feed.size());
            assertThat(sendErrors).as("the producer delivered everything across the outage").isEmpty();
            try {
                CaughtUp.await(bootstrap, topics, applicationId, Duration.ofMinutes(3));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; streams " + streams.state() + "; /health "
                        + Http.get(http, "/health").body(), e);
            }
            List<String> forwarded = Topics.readCommitted(bootstrap, topics.internalEvents()).stream()
                    .map(r -> EventCodec.readEvent(r.value()).eventId()).toList();
            List<String> fed = Stream.concat(burst.releases().stream().map(ReleaseEvent::eventId),
                    burst.sanctions().stream().map(SanctionEvent::eventId)).toList();
            List<String> alerts = ExpectedAlerts.keys(Story.alerts(bootstrap, topics.alerts()));
            List<String> expected = ExpectedAlerts.of(burst);
            Scenario.report("broker outage",
                    fed.stream().filter(id -> !forwarded.contains(id)).count()
                            + expected.stream().filter(key -> !alerts.contains(key)).count(),
                    (forwarded.size() - forwarded.stream().distinct().count()) + (alerts.size() - alerts.stream().distinct().count()),
                    "events=%d alerts=%d down-ms=%d sent-while-down=%d health-200-again-after-ms=%d".formatted(
                            forwarded.size(), alerts.size(), outage, sentDuringOutage, recovered));

            assertThat(healthDuring).as("/health during the outage").isNotEmpty().containsOnly(503);
            assertThat(statesDuring).as("stream states during the outage").doesNotContainAnyElementsOf(FAILED);
            assertThat(service.context().isRunning()).isTrue();
            assertThat(service.context().getBean(KafkaStreams.class)).isSameAs(streams);
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(Http.metric(http, "kafka_stream_failed_stream_threads_total", l -> true)).as("failed stream threads").isZero();

            assertThat(forwarded).as("every event forwarded once").containsExactlyInAnyOrderElementsOf(fed);
            assertThat(alerts).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(Topics.readCommitted(bootstrap, topics.dlq())).isEmpty();
        } finally {
            feeder.shutdownNow();
            broker.close();
        }
    }

    /** The story's and the burst's releases with the sanctions changes halfway, keyed by event id. */
    private static List<ProducerRecord<byte[], byte[]>> feed(Burst burst, TopicsConfig topics) {
        int half = burst.releases().size() / 2;
        List<ProducerRecord<byte[], byte[]>> feed = new ArrayList<>();
        burst.releases().subList(0, half).forEach(r -> feed.add(Burst.record(topics, r)));
        burst.sanctions().forEach(s -> feed.add(Burst.record(topics, s)));
        burst.releases().subList(half, burst.releases().size()).forEach(r -> feed.add(Burst.record(topics, r)));
        return feed;
    }
}
