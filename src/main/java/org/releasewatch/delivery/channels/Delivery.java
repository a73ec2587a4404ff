package org.releasewatch.delivery.channels;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What became of one message a {@link ChannelSender} was asked to send. */
public sealed interface Delivery {

    /**
     * The service accepted the message holding these alerts: acknowledge exactly these. Alerts asked for but not
     * listed did not fit in this message; send them again (they go in the next one).
     */
    record Accepted(List<String> alertIds) implements Delivery {
        public Accepted {
            alertIds = List.copyOf(alertIds);
        }
    }

    /**
     * Nothing was sent: the target's rate would be exceeded (or the service asked for a pause). Not an attempt —
     * try again after {@code after}, without counting it against the retry budget.
     */
    record Paced(Duration after) implements Delivery {
    }

    /**
     * An attempt that failed for now (429, 5xx, time-out, refused connection, SMTP 4xx): retry. {@code after} is
     * the service's own hint when it gave one (use it instead of the back-off); {@code reason} is safe to log and
     * dead-letter (never the URL or a token).
     */
    record RetryLater(Optional<Duration> after, String reason) implements Delivery {
    }

    /**
     * The service refused the message for good (400 with its reason, 401/403, 413, an SMTP 5xx, a refused
     * recipient): retrying the same message cannot help — dead-letter it. {@code gone} when the target itself no
     * longer exists (404, 410: webhook deleted, channel archived), which should disable the subscription.
     */
    record Failed(String reason, boolean gone) implements Delivery {
    }
}
