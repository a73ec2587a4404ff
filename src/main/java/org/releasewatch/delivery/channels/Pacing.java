package org.releasewatch.delivery.channels;

import java.time.Duration;
import java.util.List;

/**
 * The rates each service documents (or, where it documents none, is known to enforce), per target. A burst of
 * 123 alerts in an hour then goes out paced instead of being refused; with a {@code batch-window} it goes out
 * as a handful of messages.
 * <ul>
 *   <li>Slack incoming webhooks: 1 message per second, short bursts tolerated (docs.slack.dev, Rate limits).</li>
 *   <li>Discord webhooks: the docs ask clients to follow the {@code X-RateLimit-*} headers (which {@link RetryHint}
 *       reads); the webhook bucket is 5 requests per 2 seconds, and 30 messages per minute per channel.</li>
 *   <li>Teams webhooks: more than 4 requests per second are throttled (learn.microsoft.com, incoming webhooks).</li>
 *   <li>Telegram: about 1 message per second per chat, at most 20 per minute to the same group or channel
 *       (core.telegram.org/bots/faq, "My bot is hitting limits").</li>
 *   <li>Email: no pacing; the SMTP relay answers 4xx when it wants a pause, which is retried.</li>
 * </ul>
 * A bucket of size {@code b} refilled at {@code r} lets at most {@code b + r·W} through in any window {@code W};
 * the sizes below are chosen so that this stays within each documented "N per W", not just on average.
 */
final class Pacing {

    static final List<Pacer.Rate> SLACK = List.of(new Pacer.Rate(1, Duration.ofSeconds(1)));
    /** ≤ 5 in any 2 s (3 + 1/s × 2 s) and ≤ 30 in any minute (5 + 25/min × 1 min). */
    static final List<Pacer.Rate> DISCORD = List.of(new Pacer.Rate(3, Duration.ofSeconds(3)), new Pacer.Rate(5, Duration.ofSeconds(12)));
    /** ≤ 4 in any second (2 + 2/s × 1 s). */
    static final List<Pacer.Rate> TEAMS = List.of(new Pacer.Rate(2, Duration.ofSeconds(1)));
    static final List<Pacer.Rate> TELEGRAM_CHAT = List.of(new Pacer.Rate(1, Duration.ofSeconds(1)));
    /** 1 a second and ≤ 20 in any minute (5 + 15/min × 1 min). */
    static final List<Pacer.Rate> TELEGRAM_GROUP = List.of(new Pacer.Rate(1, Duration.ofSeconds(1)), new Pacer.Rate(5, Duration.ofSeconds(20)));

    private Pacing() {
    }

    static List<Pacer.Rate> of(ChannelTarget target) {
        return switch (target.format()) {
            case SLACK -> SLACK;
            case DISCORD -> DISCORD;
            case TEAMS -> TEAMS;
            // group, supergroup and channel ids are negative; @username targets are channels
            case TELEGRAM -> target.chatId() != null && (target.chatId().startsWith("-") || target.chatId().startsWith("@"))
                    ? TELEGRAM_GROUP : TELEGRAM_CHAT;
            // PagerDuty adjusts its event rate limit dynamically and answers 429, which is retried with back-off
            case EMAIL, STANDARD, PAGERDUTY -> List.of();
        };
    }
}
