package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.delivery.TargetHttp;
import org.releasewatch.delivery.TargetPolicy;
import org.releasewatch.model.Alert;
import org.releasewatch.model.MsgType;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Fast;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PagerDuty Events API v2 from a thread's messages, against a receiver on loopback that checks every event the way
 * PagerDuty's docs describe it: one thread is one PagerDuty alert (dedup_key = the thread's id), updates trigger it
 * again, a cancel resolves it; PagerDuty's answers map to delivered, retried and dead-lettered; the routing key is
 * checked as configured and never shown.
 */
@Fast
class PagerDutyTest {

    static final String KEY = "R0UT1NGKEY0123456789abcdefABCDEF";

    private static Alert first() {
        return Fixtures.bialiatski();
    }

    private static Alert update() {
        return first().inThread(MsgType.UPDATE, MessageIds.of(first().id(), "corroborated"), first().id(),
                List.of(first().id()), "confirmed by a second source");
    }

    private static Alert cancel() {
        return first().inThread(MsgType.CANCEL, MessageIds.of(first().id(), "retracted:viasna-1"), first().id(),
                List.of(first().id(), update().id()), "report withdrawn by its source");
    }

    private static ChannelTarget target(String url) {
        return ChannelTarget.parse(Map.of("format", "pagerduty", "url", url, "routing-key", KEY));
    }

    private static PagerDutySender sender() {
        return new PagerDutySender(new TargetHttp(TargetPolicy.permissive(), Duration.ofSeconds(5), 2), Fixtures.LINKS,
                Clock.systemUTC());
    }

    @Test
    void aThreadIsOnePagerDutyAlertTriggeredByItsFirstMessageAndUpdatesAndResolvedByItsCancel() {
        try (FakePagerDuty pagerDuty = new FakePagerDuty(KEY)) {
            PagerDutySender sender = sender();
            for (Alert a : List.of(first(), update(), cancel())) {
                assertThat(sender.send(List.of(a), target(pagerDuty.url()))).isEqualTo(new Delivery.Accepted(List.of(a.id())));
            }
            assertThat(pagerDuty.requests()).hasSize(3).allSatisfy(r -> assertThat(r.problems()).isEmpty());
            assertThat(pagerDuty.requests()).extracting(r -> r.json().path("event_action").asText())
                    .containsExactly("trigger", "trigger", "resolve");
            assertThat(pagerDuty.requests()).extracting(r -> r.json().path("dedup_key").asText())
                    .containsOnly(first().id());
            String title = "Ales Bialiatski released from detention in Belarus, transferred to Lithuania";
            assertThat(pagerDuty.incidents()).containsExactly(new FakePagerDuty.Incident(first().id(),
                    List.of(title, "Update: " + title + " — confirmed by a second source"), true));

            JsonNode trigger = pagerDuty.requests().get(0).json();
            assertThat(trigger.path("routing_key").asText()).isEqualTo(KEY);
            JsonNode payload = trigger.path("payload");
            assertThat(payload.path("severity").asText()).isEqualTo("critical");
            assertThat(payload.path("source").asText()).isEqualTo("releasewatch.example.org");
            assertThat(payload.path("timestamp").asText()).isEqualTo("2025-12-13T08:00:00Z");
            assertThat(payload.path("component").asText()).isEqualTo("BY");
            assertThat(payload.path("class").asText()).isEqualTo("WATCHLIST_RELEASE");
            assertThat(payload.path("custom_details").path("Person").asText()).isEqualTo("Ales Bialiatski");
            assertThat(payload.path("custom_details").path("message").asText()).isEqualTo(first().id());
            assertThat(trigger.path("links").get(0).path("href").asText())
                    .isEqualTo("https://releasewatch.example.org/alerts/" + first().id());
            JsonNode resolve = pagerDuty.requests().get(2).json();
            assertThat(resolve.has("payload")).as("a resolve carries only the key of what it resolves").isFalse();
        }
    }

    @Test
    void aBadEventIsDeadLetteredWithPagerDutysWordsAThrottleOrAnOutageIsRetriedAndTheKeyIsNeverInAReason() {
        try (FakePagerDuty pagerDuty = new FakePagerDuty("ANOTHERKEY0123456789abcdefABCDEF")) {
            PagerDutySender sender = sender();
            Delivery refused = sender.send(List.of(first()), target(pagerDuty.url()));
            assertThat(refused).isInstanceOf(Delivery.Failed.class);
            Delivery.Failed failed = (Delivery.Failed) refused;
            assertThat(failed.reason()).isEqualTo("HTTP 400: Event object is invalid (Length of 'routing_key' is "
                    + "incorrect, or it names no integration)");
            assertThat(failed.gone()).isFalse();

            pagerDuty.answerNext(429, 500);
            Delivery throttled = sender.send(List.of(first()), target(pagerDuty.url()));
            assertThat(throttled).isInstanceOf(Delivery.RetryLater.class);
            assertThat(((Delivery.RetryLater) throttled).reason()).startsWith("HTTP 429: Requests for this service");
            assertThat(sender.send(List.of(first()), target(pagerDuty.url()))).isInstanceOf(Delivery.RetryLater.class);
        }
        try (FakePagerDuty echoing = new FakePagerDuty(KEY)) {
            echoing.answerNext(400);
            Delivery failed = sender().send(List.of(first()), target(echoing.url()));
            // the fake's 400 lists no problem here; whatever PagerDuty echoes, the reason never holds the key
            assertThat(((Delivery.Failed) failed).reason()).doesNotContain(KEY);
        }
    }

    @Test
    void redactedPersonFieldsAreLeftOutOfTheCustomDetails() {
        PagerDutyEvents events = new PagerDutyEvents(Fixtures.LINKS);
        String full = events.event(first(), KEY, target("https://events.pagerduty.com/v2/enqueue")).toString();
        String redacted = events.event(first(), KEY, ChannelTarget.parse(Map.of("format", "pagerduty", "routing-key", KEY,
                "redact", List.of("charges", "tags", "note")))).toString();
        assertThat(full).contains("Article 342", "nobel-laureate");
        assertThat(redacted).doesNotContain("Article 342", "nobel-laureate").contains("Ales Bialiatski", "Lithuania");
    }

    @Test
    void aPagerDutySubscriptionNeedsAnIntegrationKeyWhichIsNeverShownAndTakesNoBatchWindow() {
        ChannelTarget target = ChannelTarget.parse(Map.of("format", "pagerduty", "routing-key", KEY));
        assertThat(target.url()).isEqualTo(ChannelTarget.PAGERDUTY_EVENTS);
        assertThat(target.toString()).isEqualTo("pagerduty https://events.pagerduty.com/…").doesNotContain(KEY);
        assertThat(ChannelTarget.parse(Map.of("format", "pagerduty", "routingKey", KEY)).routingKey()).isEqualTo(KEY);

        assertThatThrownBy(() -> ChannelTarget.parse(Map.of("format", "pagerduty")))
                .hasMessage("routing-key: a pagerduty subscription needs the integration key of an Events API v2 integration");
        assertThatThrownBy(() -> ChannelTarget.parse(Map.of("format", "pagerduty", "routing-key", "secret-but-short")))
                .hasMessage("routing-key: is not a PagerDuty integration key (32 letters and digits, 16 characters given)")
                .hasMessageNotContaining("secret-but-short");
        assertThatThrownBy(() -> ChannelTarget.parse(Map.of("format", "pagerduty", "routing-key", KEY, "batch-window", "1m")))
                .hasMessageStartingWith("batch-window: does not apply to pagerduty");
        assertThatThrownBy(() -> ChannelTarget.parse(Map.of("format", "slack", "url", "https://hooks.slack.com/services/T/B/x",
                "routing-key", KEY))).hasMessage("routing-key: applies to the pagerduty format only, not to slack");
        assertThat(Set.of(ChannelFormat.values())).contains(ChannelFormat.fromWire("pagerduty"));
    }
}
