package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends to the chat services (Slack-compatible, Discord, Teams, Telegram): renders the message, takes a token from
 * the target's {@link Pacer} (or answers {@link Delivery.Paced}), POSTs the JSON and reads the answer — 2xx is
 * accepted; 429 and 5xx are retried after the service's own hint ({@link RetryHint}), which also holds the
 * target in the pacer so no request reaches it before the hint has passed; other 4xx fail for good, 404 and 410
 * as {@code gone}. Uses the {@link HttpClient} it is given, so the webhook worker can pass the one that checks
 * the address actually connected to.
 */
public final class HttpChannelSender implements ChannelSender {

    private final HttpClient http;
    private final Duration timeout;
    private final AlertLinks links;
    private final Pacer pacer;
    private final Clock clock;

    public HttpChannelSender(HttpClient http, Duration timeout, AlertLinks links, Pacer pacer, Clock clock) {
        this.http = http;
        this.timeout = timeout;
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
            case STANDARD, EMAIL -> throw new IllegalArgumentException(target.format().wire() + " is not a chat format");
        };
    }

    @Override
    public Delivery send(List<Alert> alerts, ChannelTarget target) {
        Rendered<ObjectNode> rendered = renderer(target).render(alerts, target);
        Duration wait = pacer.acquire(target.pacingKey(), Pacing.of(target));
        if (!wait.isZero()) {
            return new Delivery.Paced(wait);
        }
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .version("http".equalsIgnoreCase(target.url().getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "releasewatch-channels")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(rendered.message())))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.RetryLater(Optional.empty(), "interrupted while sending (shutting down)");
        } catch (IOException | RuntimeException e) {
            return new Delivery.RetryLater(Optional.empty(), describe(e, target));
        }
        return outcome(response.statusCode(), response.headers(), response.body(), rendered, target);
    }

    Delivery outcome(int status, HttpHeaders headers, String body, Rendered<?> rendered, ChannelTarget target) {
        Function<String, Optional<String>> header = headers::firstValue;
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

    private static String describe(Throwable e, ChannelTarget target) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host " + target.url().getHost();
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
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
