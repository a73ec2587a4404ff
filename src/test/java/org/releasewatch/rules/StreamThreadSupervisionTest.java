package org.releasewatch.rules;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.testing.Clients;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.api.health.StreamsHealthIndicator;
import org.releasewatch.config.StreamsSettings;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No record makes a stream thread fail quietly forever: a thread that fails on every attempt is replaced and
 * {@code /health} says DOWN with the error; the production handler resumes only after a record too large.
 */
class StreamThreadSupervisionTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private final StreamsSettings settings = new StreamsSettings(1, 0, Duration.ofMillis(100), Duration.ofMinutes(10), 2,
            Duration.ofMinutes(5), true, 8L * 1024 * 1024);
    private final StreamThreadFailures failures = new StreamThreadFailures();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private AlertStreams streams;

    @AfterEach
    void close() {
        if (streams != null) {
            streams.close();
        }
    }

    @Test
    void aThreadThatFailsOnARecordAgainAndAgainIsReplacedAndHealthSaysDownWithTheError() throws Exception {
        String in = Topics.unique("failing-in");
        Topics.create(BOOTSTRAP, 1, in);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> {
            throw new IllegalStateException("cannot process " + k);
        });
        StreamsHealthIndicator health = start(builder, Map.of());
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> health(health).getStatus() == HealthStatus.UP);

        Topics.send(BOOTSTRAP, in, List.of(Topics.record(in, "poison", "v")));

        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> health(health).getStatus() == HealthStatus.DOWN);
        Map<?, ?> details = (Map<?, ?>) health(health).getDetails();
        assertThat(String.valueOf(details.get("reason"))).contains("was replaced").contains("cannot process poison");
        assertThat(failures.within(Duration.ofMinutes(10))).isGreaterThanOrEqualTo(2);
        assertThat(details.get("state")).as("the application itself still claims to run").isIn("RUNNING", "REBALANCING");
    }

    @Test
    void onlyARecordTooLargeIsResumedCountedAndLoggedEveryOtherErrorFails() {
        RecordTooLargeHandler handler = new RecordTooLargeHandler();
        handler.configure(Map.of(RecordTooLargeHandler.REGISTRY, registry));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("alerts", "BY".getBytes(), new byte[3000]);

        assertThat(handler.handleError(null, record, new RecordTooLargeException("too large")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(handler.handleError(null, record, new IllegalStateException("other")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(registry.counter("releasewatch.streams.records.too.large", "topic", "alerts").count()).isEqualTo(1.0);
    }

    /**
     * A thread that fails on a record is replaced; the failed thread's static member leaves the group at once, so its
     * task runs again (and the record is processed) long before the member's session (a minute) would have expired:
     * closing a static member's consumer does not leave the group, and the replacement joins as another member.
     */
    @Test
    void aReplacedThreadsStaticMemberLeavesSoItsTaskRunsAgainBeforeItsSessionWouldExpire() throws Exception {
        String in = Topics.unique("once-failing-in");
        String out = Topics.unique("once-failing-out");
        Topics.create(BOOTSTRAP, 1, in, out);
        AtomicBoolean failed = new AtomicBoolean();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String())).peek((k, v) -> {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("fails once on " + k);
            }
        }).to(out, Produced.with(Serdes.String(), Serdes.String()));
        String app = Topics.unique("supervision");
        KafkaClients clients = Clients.shared(app);
        StreamsHealthIndicator health = start(builder, Map.of(StreamsConfig.APPLICATION_ID_CONFIG, app,
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), clients.instanceId() + "-streams",
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 60_000), clients);
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> health(health).getStatus() == HealthStatus.UP);

        Topics.send(BOOTSTRAP, in, List.of(Topics.record(in, "first", "v")));
        long sent = System.nanoTime();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> Topics.readCommitted(BOOTSTRAP, out).size() == 1);
        System.out.printf("record processed %d ms after it was sent, its first thread replaced%n",
                Duration.ofNanos(System.nanoTime() - sent).toMillis());
        assertThat(failed).isTrue();
        assertThat(failures.within(Duration.ofMinutes(10))).isEqualTo(1);
    }

    private StreamsHealthIndicator start(StreamsBuilder builder, Map<String, Object> extra) throws Exception {
        return start(builder, extra, Clients.shared(Topics.unique("supervision")));
    }

    private StreamsHealthIndicator start(StreamsBuilder builder, Map<String, Object> extra, KafkaClients clients) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, Topics.unique("supervision"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("supervision").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1000);
        props.putAll(extra);
        KafkaStreams kafkaStreams = AlertStreamsFactory.supervised(new KafkaStreams(builder.build(), props), failures, settings, clients);
        streams = new AlertStreams(kafkaStreams, registry);
        StreamsHealthIndicator indicator = new StreamsHealthIndicator(streams, failures, settings, new RestoreProgress());
        indicator.setExecutorService(Executors.newSingleThreadExecutor());
        streams.start();
        return indicator;
    }

    private static HealthResult health(StreamsHealthIndicator indicator) {
        return Mono.from(indicator.getResult()).block();
    }
}
