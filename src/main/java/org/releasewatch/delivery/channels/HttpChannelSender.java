package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.releasewatch.delivery.TargetHttp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends to the chat services (Slack-compatible, Discord, Teams, Telegram): renders the message, takes a token from
 * the target's {@link Pacer} (or answers {@link Delivery.Paced}), POSTs the JSON and reads the answer — 2xx is
 * accepted; 429 and 5xx are retried after the service's own hint ({@link RetryHint}), which also holds the
 * target in the pacer so no request reaches it before the hint has passed; other 4xx fail for good, 404 and 410
 * as {@code gone}. Sends with the {@link TargetHttp} it is given: the one that checks the address actually
 * connected to, keeps connections to the service open and ends each attempt at its deadline.
 */
public final class HttpChannelSender implements ChannelSender {

    private final TargetHttp http;
    private final AlertLinks links;
    private final Pacer pacer;
    private final Clock clock;

    public HttpChannelSender(TargetHttp http, AlertLinks links, Pacer pacer, Clock clock) {
        this.http = http;
        this.links = links;
        this.pacer = pacer;
        this.clock = clock;
    }

    /** The renderer of a chat format; Telegram's names the target's chat. */
    public ChannelRenderer<ObjectNode> renderer(ChannelTarget target) {
        return switch (target.format()) {
            case SLACK -> new SlackRenderer(links);
            case DISCORD -> new DiscordRenderer(links);
            case TEAMS -> new TeamsRenderer(links);
            case TELEGRAM -> new TelegramRenderer(links, target.chatId());
            case STANDARD, EMAIL, PAGERDUTY -> throw new IllegalArgumentException(target.format().wire() + " is not a chat format");
        };
    }

    @Override
    public Delivery send(List<Alert> alerts, ChannelTarget target) {
        Rendered<ObjectNode> rendered = renderer(target).render(alerts, target);
        Duration wait = pacer.acquire(target.pacingKey(), Pacing.of(target));
        if (!wait.isZero()) {
            return new Delivery.Paced(wait);
        }
        TargetHttp.Answer answer;
        try {
            answer = http.post(target.url(), Map.of("Content-Type", "application/json; charset=utf-8",
                    "User-Agent", "releasewatch-channels"), Json.bytes(rendered.message()));
        } catch (IOException | RuntimeException e) {
            return new Delivery.RetryLater(Optional.empty(), describe(e, target));
        }
        return outcome(answer.status(), answer::header, answer.body(), rendered, target);
    }

    Delivery outcome(int status, Function<String, Optional<String>> header, String body, Rendered<?> rendered,
                     ChannelTarget target) {
        RetryHint.exhausted(header).ifPresent(reset -> pacer.holdOff(target.pacingKey(), reset));
        if (status / 100 == 2) {
            return new Delivery.Accepted(rendered.alertIds());
        }
        String reason = "HTTP " + status + excerpt(body, target);
        if (status == 429 || status / 100 == 5 || status == 408) {
            Optional<Duration> hint = RetryHint.of(status, header, body, clock.instant());
            if (status == 429) {
                // even without a hint, do not knock again at once
                pacer.holdOff(target.pacingKey(), hint.orElse(Duration.ofSeconds(1)));
            }
            return new Delivery.RetryLater(hint, reason);
        }
        return new Delivery.Failed(reason, status == 404 || status == 410);
    }

    /** The service's own words (Slack {@code invalid_blocks}, Telegram's {@code description}), short and single-line. */
    private static String excerpt(String body, ChannelTarget target) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = Text.line(body.replace(target.url().toString(), target.redactedUrl()));
        if (text.startsWith("{")) {
            try {
                var json = Json.MAPPER.readTree(text);
                String said = json.path("description").asText(json.path("message").asText(json.path("error").asText("")));
                if (!said.isBlank()) {
                    text = said;
                }
            } catch (IOException | RuntimeException e) {
                // keep the raw excerpt
            }
        }
        return ": " + Text.fit(text, 200);
    }

    static String describe(Throwable e, ChannelTarget target) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TargetHttp.TargetRefused) {
                break;
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + target.url().getHost();
            }
            if (t instanceof ConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof TargetHttp.DeadlinePassed || t instanceof SocketTimeoutException) {
                return "no answer in time";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        String message = e.getMessage() == null ? "" : ": " + Text.fit(Text.line(e.getMessage()
                .replace(target.url().toString(), target.redactedUrl())), 200);
        return e.getClass().getSimpleName() + message;
    }
}
