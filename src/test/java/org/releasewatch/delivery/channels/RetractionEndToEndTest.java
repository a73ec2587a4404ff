package org.releasewatch.delivery.channels;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.delivery.SubscriptionIds;
import org.releasewatch.ingest.DeadLetters;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.AlertTopology;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract v1.2 "Alerts that evolve" step 4 with every part real: a partner writes ReleaseEvent JSON to the releases
 * topic of a running service on the shared broker, then the same {@code eventId} with {@code "retracted": true};
 * ingest forwards it, the rules cancel the WATCHLIST_RELEASE, and a Slack-shaped receiver on loopback and an SMTP
 * server (GreenMail) get the "Withdrawn:" message, the mail threaded under the first. A retraction written before its
 * report keeps the report from alerting; a malformed retraction is dead-lettered with a reason naming the field.
 */
class RetractionEndToEndTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final String NOTE = "the source could not confirm the release";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false); // one server for the class: the service started once is configured with its port

    private static final TopicsConfig TOPICS = TestService.uniqueTopics();
    private static FakeChatService slack;
    private static Map<String, Object> properties;
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        slack = new FakeChatService(ChannelFormat.SLACK);
        properties = new HashMap<>(TestService.properties(TOPICS, TestService.tempDir()));
        properties.put("releasewatch.webhooks.subscriptions", List.of(
                Map.of("format", "slack", "url", slack.url()),
                Map.of("format", "email", "to", List.of("monitor@example.org"))));
        properties.put("releasewatch.webhooks.retry.initial-delay", "100ms");
        properties.put("releasewatch.webhooks.retry.max-delay", "2s");
        properties.put("releasewatch.public-url", "https://releasewatch.example.org");
        properties.put("releasewatch.email.smtp.host", "127.0.0.1");
        properties.put("releasewatch.email.smtp.port", SMTP.getSmtp().getPort());
        properties.put("releasewatch.email.smtp.from", "releasewatch <alerts@example.org>");
        properties.put("releasewatch.email.smtp.starttls", false); // GreenMail offers no STARTTLS; a relay on loopback
        service = TestService.start(properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        slack.close();
    }

    @Test
    void aRetractedWatchedReleaseIsCancelledAndReachesSlackAndThreadedEmailAsWithdrawnWithItsChangeLine() throws Exception {
        watch("rw:101", "Ales Bialiatski");
        send(TOPICS.releases(), "rel-e2e-101", release("rel-e2e-101", "rw:101", "Ales Bialiatski", ""));
        Alert first = await().atMost(Duration.ofSeconds(40)).until(() -> watchlistAlerts("rel-e2e-101"), l -> !l.isEmpty()).get(0);
        assertThat(first.type()).isEqualTo(MsgType.ALERT);

        send(TOPICS.releases(), "rel-e2e-101", release("rel-e2e-101", "rw:101", "Ales Bialiatski",
                ",\"retracted\":true,\"retractionNote\":\"" + NOTE + "\""));
        List<Alert> thread = await().atMost(Duration.ofSeconds(40))
                .until(() -> watchlistAlerts("rel-e2e-101"), l -> l.size() >= 2);
        assertThat(thread).extracting(Alert::type).containsExactly(MsgType.ALERT, MsgType.CANCEL);
        Alert cancel = thread.get(1);
        assertThat(cancel.threadId()).isEqualTo(first.id());
        assertThat(cancel.references()).containsExactly(first.id());
        assertThat(cancel.change()).isEqualTo("report withdrawn by its source (" + NOTE + ")");

        awaitDelivered();
        List<FakeChatService.Request> toSlack = slack.accepted().stream()
                .filter(r -> r.alertIds().contains(first.id())).toList();
        assertThat(toSlack).as("the alert, then its cancel linking the thread").hasSize(2);
        assertThat(toSlack.get(0).json().path("text").asText()).startsWith("[CRITICAL] Ales Bialiatski released");
        assertThat(toSlack.get(1).json().path("text").asText()).startsWith("Withdrawn: [CRITICAL] Ales Bialiatski released");
        assertThat(toSlack.get(1).body()).contains("report withdrawn by its source (" + NOTE + ")");
        assertThat(slack.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.body()).isEmpty());

        MimeMessage alertMail = mail(first.id());
        MimeMessage cancelMail = mail(cancel.id());
        assertThat(alertMail.getSubject()).startsWith("[CRITICAL] Ales Bialiatski released");
        assertThat(alertMail.getHeader("In-Reply-To")).isNull();
        assertThat(cancelMail.getSubject()).startsWith("Withdrawn: [CRITICAL] Ales Bialiatski released");
        assertThat(cancelMail.getHeader("In-Reply-To")).containsExactly(alertMail.getMessageID());
        assertThat(cancelMail.getHeader("References")).containsExactly(alertMail.getMessageID());
        assertThat(SMTP.getReceivedMessages()).filteredOn(m -> subject(m).contains("Ales Bialiatski")).hasSize(2);
    }

    @Test
    void aRetractionWrittenBeforeItsReportKeepsTheReportFromEverAlerting() {
        watch("rw:102", "Maria Kalesnikava");
        watch("rw:103", "Maksim Znak");
        String retraction = release("rel-e2e-102", "rw:102", "Maria Kalesnikava", ",\"retracted\":true");
        send(TOPICS.releases(), "rel-e2e-102", retraction);
        send(TOPICS.releases(), "rel-e2e-102", release("rel-e2e-102", "rw:102", "Maria Kalesnikava", ""));
        // the sentinel: a later release of another watched person whose alert proves the topology got this far
        send(TOPICS.releases(), "rel-e2e-103", release("rel-e2e-103", "rw:103", "Maksim Znak", ""));
        await().atMost(Duration.ofSeconds(40)).until(() -> !watchlistAlerts("rel-e2e-103").isEmpty());
        String app = (String) properties.get("releasewatch.application-id");
        await().atMost(Duration.ofSeconds(40)).until(() -> TestService.caughtUp(BOOTSTRAP, TOPICS, app));
        awaitDelivered();

        assertThat(Story.alerts(BOOTSTRAP, TOPICS.alerts()))
                .as("no message of any rule names the withdrawn report")
                .noneMatch(a -> a.evidence().eventIds().contains("rel-e2e-102"));
        assertThat(slack.accepted()).noneMatch(r -> r.body().contains("Maria Kalesnikava"));
        assertThat(SMTP.getReceivedMessages()).noneMatch(m -> subject(m).contains("Maria Kalesnikava"));
        assertThat(Topics.readCommitted(BOOTSTRAP, TOPICS.dlq())).noneMatch(d -> new String(d.value()).contains("rel-e2e-102"));
    }

    @Test
    void aMalformedRetractionIsDeadLetteredByteForByteWithAReasonNamingTheField() throws Exception {
        String notABoolean = release("rel-e2e-104", "rw:104", "Ihar Losik", ",\"retracted\":\"yes\"");
        String longNote = release("rel-e2e-105", "rw:105", "Ihar Losik",
                ",\"retracted\":true,\"retractionNote\":\"" + "x".repeat(513) + "\"");
        RecordMetadata first;
        RecordMetadata second;
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            first = producer.send(Topics.record(TOPICS.releases(), "rel-e2e-104", notABoolean)).get();
            second = producer.send(Topics.record(TOPICS.releases(), "rel-e2e-105", longNote)).get();
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> Topics.readCommitted(BOOTSTRAP, TOPICS.dlq()).stream()
                .filter(d -> from(d, first) || from(d, second)).count() == 2);
        List<ConsumerRecord<byte[], byte[]>> dlq = Topics.readCommitted(BOOTSTRAP, TOPICS.dlq());
        ConsumerRecord<byte[], byte[]> yes = dlq.stream().filter(d -> from(d, first)).findFirst().orElseThrow();
        ConsumerRecord<byte[], byte[]> note = dlq.stream().filter(d -> from(d, second)).findFirst().orElseThrow();
        assertThat(new String(yes.value())).isEqualTo(notABoolean);
        assertThat(Topics.header(yes, DeadLetters.ERROR)).isEqualTo("retracted: must be a boolean or null, got string");
        assertThat(new String(note.value())).isEqualTo(longNote);
        assertThat(Topics.header(note, DeadLetters.ERROR)).isEqualTo("retractionNote: must be at most 512 characters, got 513");
    }

    /** A partner's ReleaseEvent JSON for Belarus on 13 Dec 2025, with {@code extra} fields appended. */
    private static String release(String eventId, String personId, String name, String extra) {
        return "{\"eventId\":\"" + eventId + "\",\"occurredAt\":\"2025-12-13T10:00:00Z\",\"country\":\"BY\","
                + "\"transferredTo\":\"LT\",\"person\":{\"id\":\"" + personId + "\",\"name\":\"" + name + "\"},"
                + "\"source\":{\"name\":\"Viasna\",\"url\":\"https://spring96.org/en/news/1\"}" + extra + "}";
    }

    private static void send(String topic, String key, String value) {
        Topics.send(BOOTSTRAP, topic, List.of(Topics.record(topic, key, value)));
    }

    private static void watch(String personId, String name) {
        send(TOPICS.watchlist(), personId, "{\"personId\":\"" + personId + "\",\"name\":\"" + name + "\",\"priority\":\"high\"}");
        KafkaStreams streams = service.context().getBean(KafkaStreams.class);
        await().atMost(Duration.ofSeconds(40)).ignoreExceptions().until(() -> streams.store(
                StoreQueryParameters.fromNameAndType(AlertTopology.WATCHLIST_STORE,
                        QueryableStoreTypes.<String, WatchlistEntry>keyValueStore())).get(personId) != null);
    }

    /** The WATCHLIST_RELEASE messages on the alerts topic whose evidence is this event, in topic order. */
    private static List<Alert> watchlistAlerts(String eventId) {
        return Story.alerts(BOOTSTRAP, TOPICS.alerts()).stream()
                .filter(a -> a.rule() == AlertRule.WATCHLIST_RELEASE && a.evidence().eventIds().contains(eventId))
                .toList();
    }

    /**
     * Until both subscriptions have committed, on every partition of the alerts topic, past its last message: every
     * message written so far is delivered. The topology writes the topic in transactions, so its end offset is a
     * commit marker a consumer never commits past the record before it: the end offset proves nothing here.
     */
    @SuppressWarnings("unchecked")
    private static void awaitDelivered() {
        String app = (String) properties.get("releasewatch.application-id");
        Map<TopicPartition, Long> next = new HashMap<>();
        Topics.readCommitted(BOOTSTRAP, TOPICS.alerts()).forEach(r ->
                next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
        List<String> groups = ((List<Map<String, Object>>) properties.get("releasewatch.webhooks.subscriptions")).stream()
                .map(s -> app + "-webhook-" + SubscriptionIds.of(s)).toList();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                for (String group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    for (var e : next.entrySet()) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        if (c == null || c.offset() < e.getValue()) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }
    }

    private static MimeMessage mail(String alertId) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> messageId(m).equals("<" + alertId + "@releasewatch>"))
                .findFirst().orElseThrow(() -> new AssertionError("no mail for " + alertId));
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean from(ConsumerRecord<byte[], byte[]> dead, RecordMetadata at) {
        return at.topic().equals(Topics.header(dead, DeadLetters.SOURCE_TOPIC))
                && String.valueOf(at.partition()).equals(Topics.header(dead, DeadLetters.SOURCE_PARTITION))
                && String.valueOf(at.offset()).equals(Topics.header(dead, DeadLetters.SOURCE_OFFSET));
    }
}
