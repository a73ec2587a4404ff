package org.releasewatch.delivery.channels;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.releasewatch.delivery.WebhookSettings;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The senders of the non-standard formats, one per kind, shared by all subscriptions so that one {@link Pacer}
 * sees every message to a target. The HTTP client follows no redirects (a webhook URL that redirects is a
 * misconfiguration, and following it could reach an address nobody checked).
 */
@Singleton
public class ChannelSenders {

    private final ExecutorService httpThreads;
    private final HttpChannelSender http;
    private final EmailSender email;
    private final Pacer pacer;

    public ChannelSenders(WebhookSettings webhooks, EmailSettings emailSettings, AlertLinks links) {
        this.pacer = new Pacer(Clock.systemUTC());
        this.httpThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "channels-http");
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(webhooks.timeout())
                .executor(httpThreads)
                .build();
        this.http = new HttpChannelSender(client, webhooks.timeout(), links, pacer, Clock.systemUTC());
        this.email = new EmailSender(emailSettings, links, Clock.systemUTC());
    }

    /** The sender of a non-standard format. */
    public ChannelSender sender(ChannelFormat format) {
        return switch (format) {
            case SLACK, DISCORD, TEAMS, TELEGRAM -> http;
            case EMAIL -> email;
            case STANDARD -> throw new IllegalArgumentException("standard subscriptions are sent by the webhook worker");
        };
    }

    public Pacer pacer() {
        return pacer;
    }

    @PreDestroy
    void close() {
        httpThreads.shutdownNow();
    }
}
