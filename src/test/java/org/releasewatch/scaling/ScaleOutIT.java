package org.releasewatch.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.demo.December13Story;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.CaughtUp;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.ServiceProcess;
import org.releasewatch.testing.ServiceYaml;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged instances of one application (same application id, own state folders and ports, one
 * standby replica) share one broker. One of them is killed with SIGKILL in the middle of the
 * 13 December burst (with six more countries' releases, so every partition has keys), fewer alerts visible
 * then than in the end. Once the survivor has caught up (lag 0, nothing new for a while), every alert
 * appears exactly once for {@code read_committed} readers, every alert reaches the webhook at least
 * once, and the survivor answers the query API for every country.
 */
class ScaleOutIT {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final List<String> OTHER_COUNTRIES = List.of("VE", "NI", "IR", "AZ", "CU", "RU");
    private static final int PER_COUNTRY = 10;

    private final TopicsConfig topics = TestService.uniqueTopics();
    private final Receiver receiver = new Receiver(SECRET);
    private final List<ServiceProcess> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ServiceProcess::close);
        receiver.close();
    }

    @Test
    void aKilledInstancesWorkIsTakenOverWithEveryAlertOnceAndEveryWebhookDelivered() throws Exception {
        String app = Topics.unique("scale-app");
        ServiceProcess survivor = start(app, "a");
        ServiceProcess victim = start(app, "b");
        survivor.awaitHealthy(Duration.ofSeconds(120));
        victim.awaitHealthy(Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(90)).until(() -> activeTasks(survivor) > 0 && activeTasks(victim) > 0);

        List<ReleaseEvent> story = December13Story.releases();
        List<ReleaseEvent> others = otherCountries();
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            Story.feedWatchlist(BOOTSTRAP, topics);
            await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.internalWatchlist()).size() == 2);

            send(producer, Stream.concat(story.subList(0, 60).stream(), others.stream().filter(r -> number(r) < 5)).toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> alerts().stream().anyMatch(a -> a.rule() == AlertRule.MASS_RELEASE));

            send(producer, Stream.concat(story.subList(60, story.size()).stream(), others.stream().filter(r -> number(r) >= 5)).toList());
            var relief = December13Story.belaruskaliRelief();
            producer.send(Topics.record(topics.sanctions(), relief.eventId(), Json.string(relief)));
            producer.flush();
        }
        victim.kill(); // mid-burst: its share of the rest is in flight
        int visibleAtKill = alerts().size();

        int expected = 6 + OTHER_COUNTRIES.size();
        // the survivor takes over the victim's tasks after the session time-out; "once" holds only when nothing more can come
        CaughtUp.await(BOOTSTRAP, topics, app, Duration.ofSeconds(180));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.deliveredIds().size() >= expected);
        List<Alert> alerts = alerts();
        assertThat(visibleAtKill).as("killed mid-burst: alerts visible at the kill").isLessThan(expected);
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        // the relief may fire before some releases reach the rules (the burst and the relief race through ingest):
        // its thread then holds updates at the thresholds it reached; one thread either way
        List<Alert> linked = alerts.stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF).toList();
        assertThat(linked.stream().filter(Alert::first)).hasSize(1);
        assertThat(linked.stream().filter(a -> !a.first())).allSatisfy(a -> assertThat(a.thread())
                .isEqualTo(linked.stream().filter(Alert::first).findFirst().orElseThrow().id()));
        assertThat(alerts.stream().filter(a -> a.rule() != AlertRule.LINKED_RELIEF)
                .collect(Collectors.groupingBy(Alert::rule, Collectors.counting()))).isEqualTo(Map.of(
                AlertRule.WATCHLIST_RELEASE, 2L, AlertRule.MASS_RELEASE, 2L + OTHER_COUNTRIES.size(),
                AlertRule.SANCTIONS_CHANGE, 1L));
        assertThat(receiver.deliveredIds()).containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::id).toList());

        int port = survivor.httpPort();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode by = answer(port, "/api/countries/BY/releases?date=2025-12-13");
            assertThat(by.get("count").asInt()).isEqualTo(123);
            assertThat(by.get("byDestination").toString()).contains("\"UA\":114", "\"LT\":9");
            for (String country : OTHER_COUNTRIES) {
                JsonNode day = answer(port, "/api/countries/" + country + "/releases?date=2025-12-13");
                assertThat(day.get("count").asInt()).as(country).isEqualTo(PER_COUNTRY);
            }
            assertThat(answer(port, "/api/alerts?limit=100").get("alerts")).hasSize(alerts.size());
            assertThat(answer(port, "/api/links").get("links")).hasSize(1);
        });
        for (Alert alert : alerts) {
            assertThat(Http.get(port, "/api/alerts/" + alert.id()).statusCode()).as(alert.title()).isEqualTo(200);
        }
    }

    /**
     * The survivor's answer, asserted 200 first: while it takes over the killed instance's tasks its state
     * is restoring and the API answers 503 (a Problem without the fields), which the caller's wait retries.
     */
    private static JsonNode answer(int port, String pathAndQuery) {
        HttpResponse<String> response = Http.get(port, pathAndQuery);
        assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
        return Json.read(response.body(), JsonNode.class);
    }

    private ServiceProcess start(String app, String name) {
        Path dir = TestService.tempDir();
        Path config = ServiceYaml.write(dir.resolve("application-" + name + ".yml"), topics, app, app + "-" + name,
                dir.resolve("data"), receiver.url(), SECRET, """
                  session-timeout-ms: 6000
                  streams:
                    standby-replicas: 1
                """);
        ServiceProcess process = new ServiceProcess(config, dir.resolve("service.log"), EmbeddedKafkaBroker.freePort()).start();
        instances.add(process);
        return process;
    }

    /** Active stream tasks of an instance, from its /health details. */
    private static int activeTasks(ServiceProcess instance) {
        JsonNode health = Json.read(Http.get(instance.httpPort(), "/health").body(), JsonNode.class);
        int tasks = 0;
        for (JsonNode thread : health.path("details").path("streams").path("details").path("threads")) {
            tasks += thread.path("activeTasks").asInt();
        }
        return tasks;
    }

    private static List<ReleaseEvent> otherCountries() {
        List<ReleaseEvent> out = new ArrayList<>();
        Source source = new Source("Test monitor", "https://example.org/monitor");
        for (String country : OTHER_COUNTRIES) {
            for (int i = 0; i < PER_COUNTRY; i++) {
                out.add(new ReleaseEvent(country.toLowerCase() + "-" + i, Instant.parse("2025-12-13T10:00:00Z").plusSeconds(60L * i),
                        country, new Person(country.toLowerCase() + ":" + i, "Prisoner " + i, List.of()), List.of(), null, null, source));
            }
        }
        return out;
    }

    private static int number(ReleaseEvent release) {
        return Integer.parseInt(release.eventId().substring(release.eventId().indexOf('-') + 1));
    }

    private void send(KafkaProducer<byte[], byte[]> producer, List<ReleaseEvent> releases) {
        releases.forEach(r -> producer.send(Topics.record(topics.releases(), r.eventId(), Json.string(r))));
        producer.flush();
    }

    private List<Alert> alerts() {
        return Story.alerts(BOOTSTRAP, topics.alerts());
    }
}
