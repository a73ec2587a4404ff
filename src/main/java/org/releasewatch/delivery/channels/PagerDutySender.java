package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.delivery.TargetHttp;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a {@code pagerduty} subscription's messages to the Events API v2, one event per message, in the order given
 * (the batcher keeps emission order for this format: see {@link ChannelFormat#inEmissionOrder()}). PagerDuty's
 * answers (developer.pagerduty.com, Events API v2 overview, "Response Codes &amp; Retry Logic"): 202 accepted; 400 a
 * bad event, not retried (dead-lettered with PagerDuty's {@code message} and {@code errors}); 429 and 5xx retried
 * with back-off (after {@code Retry-After} when it sends one); a network error retried. The routing key never
 * appears in a reason: it is cut out of any echoed text.
 */
public final class PagerDutySender implements ChannelSender {

    private final TargetHttp http;
    private final PagerDutyEvents events;
    private final Clock clock;

    public PagerDutySender(TargetHttp http, AlertLinks links, Clock clock) {
        this.http = http;
        this.events = new PagerDutyEvents(links);
        this.clock = clock;
    }

    @Override
    public Delivery send(List<Alert> alerts, ChannelTarget target) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("nothing to send");
        }
        Alert alert = alerts.get(0);
        byte[] body = Json.bytes(events.event(alert, target.routingKey(), target));
        TargetHttp.Answer answer;
        try {
            answer = http.post(target.url(), Map.of("Content-Type", "application/json",
                    "User-Agent", "releasewatch-pagerduty"), body);
        } catch (IOException | RuntimeException e) {
            return new Delivery.RetryLater(Optional.empty(), redact(HttpChannelSender.describe(e, target), target));
        }
        return outcome(answer, alert, target);
    }

    Delivery outcome(TargetHttp.Answer answer, Alert alert, ChannelTarget target) {
        int status = answer.status();
        if (status / 100 == 2) {
            return new Delivery.Accepted(List.of(alert.id()));
        }
        String reason = redact("HTTP " + status + said(answer.body()), target);
        if (status == 429 || status / 100 == 5 || status == 408) {
            Optional<Duration> hint = RetryHint.of(status, answer::header, null, clock.instant());
            return new Delivery.RetryLater(hint, reason);
        }
        return new Delivery.Failed(reason, status == 404 || status == 410);
    }

    /** PagerDuty's own words: {@code message} and the first {@code errors}, short and on one line. */
    private static String said(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = Text.line(body);
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            String message = json.path("message").asText("");
            JsonNode errors = json.path("errors");
            if (!message.isBlank()) {
                text = message + (errors.isArray() && !errors.isEmpty() ? " (" + Text.line(errors.get(0).asText()) + ")" : "");
            }
        } catch (IOException | RuntimeException e) {
            // keep the raw excerpt
        }
        return ": " + Text.fit(text, 200);
    }

    private static String redact(String text, ChannelTarget target) {
        return target.routingKey() == null ? text : text.replace(target.routingKey(), "<routing key>");
    }
}
