package org.releasewatch.sources;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract v1.2 "Sanctions list changes, exactly", through the running service on the real broker: one OFAC
 * entry lifted, re-listed and lifted again in three versions published on one day (the first and third
 * byte-identical) gives three events with three ids, each of which reaches the rules, and the same version fetched
 * again gives none; the three events are three SANCTIONS_CHANGE alerts (LIFTED, IMPOSED, LIFTED), each delivered.
 * The list's URL carries a personal token in its query and a user and password: neither ever reaches a
 * record of any topic on the broker (keys, values, headers), a webhook body, {@code /api/sources}, {@code /health}
 * or the log; {@code source.url} is the URL without them.
 */
class SanctionsListVersionsTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final String TOKEN = "SECRET-TOKEN-4f1c9a";
    private static final String PASSWORD = "PASSWORD-77d2e0";
    private static final String USER = "fsf-reader-5b3";
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String TARGET = "ofac-sdn-xml:36001";
    private static TopicsConfig topics;
    private static ListServer publisher;
    private static ListServer redirector;
    private static Receiver receiver;
    private static ListAppender<ILoggingEvent> log;
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        publisher = new ListServer();
        publisher.serve(Fixtures.text("sdn.xml"), "v1");
        redirector = new ListServer();
        redirector.redirect(publisher.url("/ofac/sdn.xml").replace("localhost", "127.0.0.1"));
        receiver = new Receiver(WEBHOOK_SECRET);
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
        topics = TestService.uniqueTopics();
        Map<String, Object> properties = TestService.properties(topics, TestService.tempDir());
        properties.put("releasewatch.topics.source-snapshots", topics.releases() + ".source-snapshots");
        properties.put("releasewatch.topics.source-coordination", topics.releases() + ".source-coordination");
        properties.put("releasewatch.sources.sanctions-lists[0].format", "ofac-sdn-xml");
        properties.put("releasewatch.sources.sanctions-lists[0].url", listUrl());
        properties.put("releasewatch.sources.sanctions-lists[0].interval", "1s");
        // the publisher is a plain-HTTP server on loopback
        properties.put("releasewatch.sources.sanctions-lists[0].allow-http", "true");
        // a second list whose publisher redirects to a loopback address
        properties.put("releasewatch.sources.sanctions-lists[1].format", "ofac-sdn-xml");
        properties.put("releasewatch.sources.sanctions-lists[1].id", "redirected");
        properties.put("releasewatch.sources.sanctions-lists[1].url", redirector.url("/sdn.xml"));
        properties.put("releasewatch.sources.sanctions-lists[1].allow-http", "true");
        properties.put("releasewatch.webhooks.subscriptions", List.of(Map.of("url", receiver.url(), "secret", WEBHOOK_SECRET)));
        service = TestService.start(properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        publisher.close();
        redirector.close();
        receiver.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    private static String listUrl() {
        return publisher.url("/ofac/sdn.xml").replace("http://", "http://" + USER + ":" + PASSWORD + "@") + "?token=" + TOKEN;
    }

    @Test
    void liftReListingAndLiftAgainOnOneDayAreThreeEventsWithNoTokenAnywhere() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> "baseline".equals(list().path("lastOutcome").asText(null))
                || list().path("lastSuccess").isTextual());
        assertThat(list().path("entries").asInt()).isEqualTo(14);

        // three versions published on 12 December: lifted, re-listed, lifted again (byte for byte the first)
        String lifted = Fixtures.sdnWithout("36001", "12/12/2025");
        String relisted = Fixtures.text("sdn.xml").replace("<Publish_Date>12/10/2025</Publish_Date>", "<Publish_Date>12/12/2025</Publish_Date>");
        publisher.serve(lifted, "v2");
        await().atMost(Duration.ofSeconds(60)).until(() -> events().size() == 1);
        publisher.serve(relisted, "v3");
        await().atMost(Duration.ofSeconds(60)).until(() -> events().size() == 2);
        publisher.serve(lifted, "v4");
        await().atMost(Duration.ofSeconds(60)).until(() -> events().size() == 3);

        List<SanctionEvent> events = events();
        assertThat(events).extracting(SanctionEvent::action)
                .containsExactly(SanctionAction.LIFTED, SanctionAction.IMPOSED, SanctionAction.LIFTED);
        assertThat(events).extracting(SanctionEvent::occurredAt).containsOnly(Instant.parse("2025-12-12T00:00:00Z"));
        assertThat(events).extracting(SanctionEvent::eventId).doesNotHaveDuplicates();
        assertThat(events).extracting(e -> e.source().url()).containsOnly(publisher.url("/ofac/sdn.xml"));

        // three alerts: the lift, the re-listing and the lift again
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts().size() >= 3);

        // the same version again, under a new ETag so that it is downloaded and compared: no change, no event
        int requests = publisher.requests().size();
        publisher.serve(lifted, "v4-again");
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.requests().stream().skip(requests)
                .filter(r -> r.status() == 200).count() >= 1 && "unchanged".equals(list().path("lastOutcome").asText()));
        assertThat(events()).hasSize(3);
        List<Alert> alerts = alerts();
        assertThat(alerts).extracting(a -> a.details().path("action").asText()).containsExactly("LIFTED", "IMPOSED", "LIFTED");
        assertThat(alerts).extracting(a -> a.evidence().eventIds().get(0))
                .containsExactly(events.get(0).eventId(), events.get(1).eventId(), events.get(2).eventId());
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();

        // no secret of the list's URL anywhere
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 3);
        List<String> secrets = List.of(TOKEN, PASSWORD, USER);
        int scanned = 0;
        for (Scanned record : everyRecordOnTheBroker()) {
            for (String secret : secrets) {
                assertThat(record.bytes()).as("%s in %s", secret, record.where()).doesNotContain(secret);
            }
            scanned++;
        }
        assertThat(scanned).as("records scanned").isGreaterThan(14);
        for (Receiver.Received r : receiver.received()) {
            assertThat(r.body()).doesNotContain(TOKEN, PASSWORD, USER);
            assertThat(r.headers().toString()).doesNotContain(TOKEN, PASSWORD, USER);
        }
        assertThat(Http.get(service.httpPort(), "/api/sources").body()).doesNotContain(TOKEN, PASSWORD, USER)
                .contains(publisher.url("/ofac/sdn.xml") + "?…");
        assertThat(Http.get(service.httpPort(), "/health").body()).doesNotContain(TOKEN, PASSWORD, USER);
        assertThat(Http.get(service.httpPort(), "/api/alerts").body()).doesNotContain(TOKEN, PASSWORD, USER);
        List<String> logged = log.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(logged).as("log lines").isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(TOKEN, PASSWORD, USER));
    }

    @Test
    void aRedirectToLoopbackIsRefusedAndShownAtApiSources() throws Exception {
        String target = publisher.url("/ofac/sdn.xml").replace("localhost", "127.0.0.1");
        await().atMost(Duration.ofSeconds(60)).until(() -> redirected().path("lastError").path("reason").isTextual());
        assertThat(redirected().path("lastError").path("reason").asText()).isEqualTo("refused the redirect from "
                + redirector.url("/sdn.xml") + " to " + target + ": 127.0.0.1 is a loopback address; configure the "
                + "list's final URL if that is meant; no events written, the old snapshot kept");
        assertThat(redirected().path("state").asText()).isEqualTo("failing");
        assertThat(redirected().path("lastOutcome").asText()).isEqualTo("failed");
        assertThat(redirector.requests()).isNotEmpty();
    }

    private static com.fasterxml.jackson.databind.JsonNode redirected() throws Exception {
        return listNamed("redirected");
    }

    private static com.fasterxml.jackson.databind.JsonNode listNamed(String id) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode l : Json.MAPPER.readTree(Http.get(service.httpPort(), "/api/sources").body()).path("lists")) {
            if (l.path("list").asText().equals(id)) {
                return l;
            }
        }
        throw new AssertionError("no list '" + id + "' at /api/sources");
    }

    /** The SANCTIONS_CHANGE alerts of the entry, in topic order. */
    private static List<Alert> alerts() {
        return Story.alerts(BOOTSTRAP, topics.alerts()).stream()
                .filter(a -> a.rule() == AlertRule.SANCTIONS_CHANGE && a.details().path("target").path("id").asText().equals(TARGET))
                .toList();
    }

    private static List<SanctionEvent> events() {
        return Topics.readCommitted(BOOTSTRAP, topics.sanctions()).stream()
                .map(ConsumerRecord::value).map(v -> Json.read(v, SanctionEvent.class))
                .filter(e -> e.target().id().equals(TARGET)).toList();
    }

    private static com.fasterxml.jackson.databind.JsonNode list() throws Exception {
        return listNamed("ofac-sdn-xml");
    }

    record Scanned(String where, String bytes) {
    }

    /** Every record of every topic on the broker, internal ones included, uncommitted and aborted ones too. */
    private static List<Scanned> everyRecordOnTheBroker() throws Exception {
        Set<String> names;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        List<Scanned> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : names) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read every topic to its end").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder bytes = new StringBuilder();
                    bytes.append(text(r.key())).append('\n').append(text(r.value()));
                    for (Header h : r.headers()) {
                        bytes.append('\n').append(h.key()).append('=').append(text(h.value()));
                    }
                    out.add(new Scanned(r.topic() + "-" + r.partition() + "@" + r.offset(), bytes.toString()));
                }
            }
        }
        return out;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
