package org.releasewatch.resilience;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.rules.reference.ReferenceModel;
import org.releasewatch.rules.reference.Workload;
import org.releasewatch.testing.PackagedService;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference model's promise at process level: the packaged service, a generated burst (releases from
 * three countries within the grace, second reports, redeliveries, sanctions of every action, a watchlist)
 * shuffled over the three partitions of each input topic, SIGKILL in the middle, a restart on the same data
 * folder, and the rest of the burst. Fewer alerts are visible at the kill than the model's; once the service
 * has caught up (lag 0, nothing new for a while) the alerts a {@code read_committed} reader sees are exactly the
 * model's, each once, with every MASS_RELEASE invariant intact.
 */
class ShuffledBurstKillResilienceIT {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final long SEED = 20251213L;
    private static final ReferenceModel.Settings DEFAULTS = new ReferenceModel.Settings(List.of(10, 100),
            Duration.ofHours(24), Duration.ofDays(7));

    private final PackagedService service = new PackagedService("shuffled-kill");
    private final TopicsConfig topics = service.topics();

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void afterAKillMidBurstTheAlertsAreExactlyTheModels() throws Exception {
        Workload burst = Workload.burst(SEED, Duration.ofHours(47), 360, 1500);
        List<ProducerRecord<byte[], byte[]>> records = shuffled(burst, new Random(SEED));
        // SANCTIONS_CHANGE numbers a day's runs of one action in arrival order: the model reads the sanctions as
        // they will arrive (one partition, shuffled order)
        List<org.releasewatch.model.SanctionEvent> arriving = records.stream().filter(r -> r.topic().equals(topics.sanctions()))
                .map(r -> Json.read(r.value(), org.releasewatch.model.SanctionEvent.class)).toList();
        Map<String, ReferenceModel.Expected> model = ReferenceModel.alerts(burst.releases(), arriving,
                burst.watchlist(), DEFAULTS);
        service.start();

        int half = records.size() / 2;
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            records.subList(0, half).forEach(producer::send);
            producer.flush();
            // mid-burst: a fifth of the alerts out, the rest of the first half still in the pipeline
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> service.alerts().size() >= model.size() / 5);
            service.process().kill();
            int visibleAtKill = service.alerts().size();

            service.start(); // on the same data folder
            records.subList(half, records.size()).forEach(producer::send);
            producer.flush();
            service.awaitCaughtUp(Duration.ofSeconds(180)); // lag 0, then nothing new: no alert still to come

            List<Alert> all = service.alerts();
            assertThat(all).extracting(Alert::id).doesNotHaveDuplicates();
            // a watched person's corroboration and a relief's count updates depend on what reached the rules before
            // the first message (the exact model of the property test decides them); the order-free model knows
            // their threads: each such update must belong to one of them
            List<Alert> alerts = all.stream().filter(a -> a.first() || a.rule() == AlertRule.MASS_RELEASE).toList();
            assertThat(all.stream().filter(a -> !alerts.contains(a))).allSatisfy(update -> {
                assertThat(update.rule()).isIn(AlertRule.WATCHLIST_RELEASE, AlertRule.LINKED_RELIEF);
                assertThat(model).containsKey(update.thread());
            });
            Set<String> ids = new TreeSet<>(alerts.stream().map(Alert::id).toList());
            Scenario.report("shuffled burst, kill -9 mid-burst",
                    model.keySet().stream().filter(id -> !ids.contains(id)).count()
                            + ids.stream().filter(id -> !model.containsKey(id)).count(),
                    alerts.size() - ids.size(),
                    "alerts=%d model=%d visible-at-kill=%d".formatted(alerts.size(), model.size(), visibleAtKill));
            assertThat(visibleAtKill).as("killed mid-burst: alerts visible at the kill").isLessThan(model.size());
            assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
            assertThat(ids).isEqualTo(model.keySet());
            assertThat(alerts).extracting(Alert::rule).contains(AlertRule.values());
            for (Alert alert : alerts) {
                ReferenceModel.Expected expected = model.get(alert.id());
                assertThat(alert.severity()).as(alert.title()).isEqualTo(expected.severity());
                assertThat(expected.countries()).as(alert.title()).contains(alert.country());
                if (alert.rule() == AlertRule.MASS_RELEASE) {
                    assertThat(alert.details().get("count").asInt()).as(alert.title()).isEqualTo(expected.count());
                    assertThat(alert.evidence().eventIds()).as(alert.title()).hasSizeGreaterThanOrEqualTo(expected.count());
                }
            }
        }
    }

    /** Every event as a partner writes it, some twice, in a random order over the three partitions. */
    private List<ProducerRecord<byte[], byte[]>> shuffled(Workload burst, Random random) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (var release : burst.releases()) {
            records.add(record(topics.releases(), random.nextInt(3), release.eventId(), Json.MAPPER.writeValueAsBytes(release)));
        }
        for (var sanction : burst.sanctions()) {
            records.add(record(topics.sanctions(), 0, sanction.eventId(), Json.MAPPER.writeValueAsBytes(sanction)));
        }
        for (int i = 0, n = records.size() / 20; i < n; i++) { // redelivered
            records.add(records.get(random.nextInt(records.size())));
        }
        for (var entry : burst.watchlist()) { // keyed by person id, as the contract says
            records.add(new ProducerRecord<>(topics.watchlist(), entry.personId().getBytes(StandardCharsets.UTF_8),
                    Json.MAPPER.writeValueAsBytes(entry)));
        }
        Collections.shuffle(records, random);
        return records;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String key, byte[] value) {
        return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
