package org.releasewatch.delivery.channels;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.releasewatch.delivery.WebhookSettings;
import org.releasewatch.i18n.Language;
import org.releasewatch.i18n.LocaleConfig;

import org.releasewatch.delivery.TargetHttp;

import java.net.URI;
import java.util.Optional;
import java.time.Clock;

/**
 * The senders of the non-standard formats, one per kind, shared by all subscriptions so that one {@link Pacer}
 * sees every message to a target. The HTTP client is a {@link TargetHttp}, as for webhooks: it checks the address it
 * connects to against the webhook target policy, keeps connections to each service open, ends each attempt at the
 * webhooks' deadline and follows no redirects (a webhook URL that redirects is a
 * misconfiguration, and following it could reach an address nobody checked).
 */
@Singleton
public class ChannelSenders {

    /** Chat messages go one at a time per subscription: this many subscriptions may post to one service at once. */
    private static final int CONNECTIONS_PER_SERVICE = 8;
    private final HttpChannelSender http;
    private final EmailSender email;
    private final PagerDutySender pagerDuty;
    private final Pacer pacer;
    private final TargetHttp client;
    private final Language language;

    /** {@code locale}: the language of the messages of a subscription that names none. */
    public ChannelSenders(WebhookSettings webhooks, EmailSettings emailSettings, AlertLinks links, LocaleConfig locale) {
        this.language = locale.language();
        this.pacer = new Pacer(Clock.systemUTC());
        // the webhook target policy (contract v1.1) applies to chat URLs too: checked on the address connected to
        this.client = new TargetHttp(webhooks.targets(), webhooks.timeout(), CONNECTIONS_PER_SERVICE);
        this.http = new HttpChannelSender(client, links, pacer, Clock.systemUTC());
        this.email = new EmailSender(emailSettings, links, Clock.systemUTC());
        this.pagerDuty = new PagerDutySender(client, links, Clock.systemUTC());
    }

    /** The sender of a non-standard format, writing in the instance's language where a subscription names none. */
    public ChannelSender sender(ChannelFormat format) {
        ChannelSender sender = switch (format) {
            case SLACK, DISCORD, TEAMS, TELEGRAM -> http;
            case EMAIL -> email;
            case PAGERDUTY -> pagerDuty;
            case STANDARD -> throw new IllegalArgumentException("standard subscriptions are sent by the webhook worker");
        };
        return (alerts, target) -> sender.send(alerts, target.inLanguage(language));
    }

    /** Why the target policy refuses this chat URL now (resolved again), or empty: checked before each message. */
    public Optional<String> refusal(URI url) {
        return client.refusal(url);
    }

    public Pacer pacer() {
        return pacer;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
