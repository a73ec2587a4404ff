package org.releasewatch.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.AlertSize;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.FieldLimits;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service on a real broker, fed releases with every field at its limit and releases with one field past it, then
 * a normal release: the ones past a limit are dead-lettered naming the field, the others are alerted with every alert
 * record under the cap, and the normal release after them is alerted within seconds.
 */
class OversizeInputEndToEndTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private final TopicsConfig topics = TestService.uniqueTopics();
    private ReleasewatchService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void fieldsPastTheirLimitsAreDeadLetteredNamingTheFieldAndAlertsKeepFlowing() {
        Map<String, Object> properties = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        service = TestService.start(properties);
        // ten releases from one country on one day with every field at its limit: a MASS_RELEASE (threshold 10) of the largest kind
        List<ReleaseEvent> full = IntStream.range(0, 10)
                .mapToObj(i -> FieldLimits.fullRelease(Burst.release("max", i * 24), "max-" + i)).toList();
        List<FieldLimits.Limit> limits = FieldLimits.of(FieldLimits.Input.RELEASE);
        Map<String, String> overByKey = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            full.forEach(r -> producer.send(Burst.record(topics, r)));
            for (int i = 0; i < limits.size(); i++) {
                FieldLimits.Limit limit = limits.get(i);
                String key = "over-" + i;
                overByKey.put(key, limit.path());
                byte[] value = Json.bytes(limit.apply(FieldLimits.tree(Burst.release("over", i * 24)),
                        limit.max() + 1, "over-" + i + "-"));
                producer.send(new ProducerRecord<>(topics.releases(), key.getBytes(UTF_8), value));
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.dlq()).size() == limits.size()
                && Topics.readCommitted(BOOTSTRAP, topics.alerts()).size() >= 1);
        for (ConsumerRecord<byte[], byte[]> dead : Topics.readCommitted(BOOTSTRAP, topics.dlq())) {
            String field = overByKey.get(new String(dead.key(), UTF_8));
            assertThat(Topics.header(dead, DeadLetters.ERROR)).startsWith(field + ": ");
        }
        List<ConsumerRecord<byte[], byte[]>> alerts = Topics.readCommitted(BOOTSTRAP, topics.alerts());
        assertThat(alerts).allSatisfy(r -> assertThat(r.value().length).isLessThanOrEqualTo(AlertSize.MAX_BYTES));
        Alert mass = alerts.stream().map(r -> Json.read(r.value(), Alert.class))
                .filter(a -> a.rule() == AlertRule.MASS_RELEASE).findFirst().orElseThrow();
        assertThat(mass.evidence().sources()).hasSize(10);
        assertThat(mass.evidence().sources()).allSatisfy(s -> assertThat(s.url().codePointCount(0, s.url().length())).isEqualTo(2048));

        // a normal release afterwards: a watchlist-free country's tenth release makes another MASS_RELEASE
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            IntStream.range(0, 10).forEach(i -> producer.send(Burst.record(topics, Burst.release("later", i * 24 + 1))));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.alerts()).size() >= 2);
    }
}
