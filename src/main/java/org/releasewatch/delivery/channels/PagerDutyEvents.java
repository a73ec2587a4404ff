package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.i18n.ChangeLines;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.MsgType;

import java.net.URI;
import java.time.format.DateTimeFormatter;

/**
 * One message of a thread as a PagerDuty Events API v2 event (developer.pagerduty.com, "Send an Alert Event"). The
 * {@code dedup_key} is the thread's id, so all messages of a thread act on one PagerDuty alert: the first message
 * and its updates {@code trigger} it (PagerDuty adds each to the open alert), a {@code cancel} {@code resolve}s it.
 * A trigger carries the PD-CEF {@code payload}: {@code summary} (the title, after "Update: " with the change line,
 * at most 1024 characters), {@code severity} (critical, warning, info: the alert's, which PagerDuty's four levels
 * include), {@code source} (the host people open the service at), {@code timestamp} ({@code occurredAt}),
 * {@code component} (the country), {@code class} (the rule) and {@code custom_details} (the facts every channel
 * shows, less the subscription's {@code redact}ed fields); and a link to the thread's page.
 */
public final class PagerDutyEvents {

    /** PagerDuty's limits: {@code payload.summary} ≤ 1024 characters, {@code dedup_key} ≤ 255. */
    static final int MAX_SUMMARY = 1024;
    static final String CLIENT = "releasewatch";

    private final AlertLinks links;

    public PagerDutyEvents(AlertLinks links) {
        this.links = links;
    }

    /** {@code trigger} for an alert or an update, {@code resolve} for a cancel. */
    public static String action(Alert alert) {
        return alert.type() == MsgType.CANCEL ? "resolve" : "trigger";
    }

    public ObjectNode event(Alert alert, String routingKey, ChannelTarget target) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", action(alert));
        event.put("dedup_key", alert.threadId());
        if (alert.type() == MsgType.CANCEL) {
            return event; // a resolve needs nothing but the key of what it resolves
        }
        AlertView view = AlertView.of(alert, target, links);
        ObjectNode payload = event.putObject("payload");
        String change = alert.first() || alert.change() == null ? "" : " — " + Text.line(ChangeLines.say(alert.change(), view.words()));
        payload.put("summary", Text.fit(view.heading() + change, MAX_SUMMARY));
        payload.put("severity", alert.severity().wire());
        payload.put("source", source());
        if (alert.occurredAt() != null) {
            payload.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(alert.occurredAt()));
        }
        if (alert.country() != null) {
            payload.put("component", alert.country());
        }
        payload.put("class", alert.rule().name());
        ObjectNode details = payload.putObject("custom_details");
        details.put("message", alert.id());
        details.put("msgType", alert.type().wire());
        details.put("country", view.country());
        details.put("time", view.time());
        for (AlertView.Fact fact : view.facts()) {
            details.put(fact.label(), fact.value());
        }
        if (!view.sources().isEmpty()) {
            details.put(view.say("label.sources"), view.sources());
        }
        event.putArray("links").addObject().put("href", view.link()).put("text", view.say("link.openPagerDuty"));
        event.put("client", CLIENT);
        event.put("client_url", links.base());
        return event;
    }

    /** The host people reach the service at (the "system" an alert comes from, to PagerDuty). */
    String source() {
        try {
            String host = URI.create(links.base()).getHost();
            return host == null ? CLIENT : host;
        } catch (IllegalArgumentException e) {
            return CLIENT;
        }
    }
}
