package org.releasewatch.delivery.channels;

import org.releasewatch.model.Alert;
import org.releasewatch.model.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts that go out together in one message, the way Alertmanager groups: the first alert opens a window of
 * the subscription's {@code batch-window}; when it has passed, everything collected goes out, the most severe
 * first, then by time. A zero window makes every alert due at once. Pure: the caller passes the time, so the
 * worker can use its timer and tests need no sleeps.
 *
 * <p>Nothing here acknowledges anything: the worker acknowledges an alert only when the sender says the message
 * containing it was accepted ({@link Delivery.Accepted#alertIds()}). A batch larger than one message can hold
 * is sent as several messages, each listing the alerts it holds.
 */
public final class Batch {

    /** Most severe first, then oldest first, then by id: the order of every listing and of the messages. */
    public static final Comparator<Alert> MOST_SEVERE_FIRST = Comparator
            .comparing(Alert::severity, Comparator.nullsFirst(Comparator.<Severity>naturalOrder())).reversed()
            .thenComparing(Alert::occurredAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Alert::id, Comparator.nullsLast(Comparator.naturalOrder()));

    private final Duration window;
    private final int maxPending;
    private final boolean emissionOrder;
    private final Map<String, Alert> pending = new LinkedHashMap<>();
    private Instant dueAt;

    /**
     * @param maxPending a window holding this many alerts is due at once (bounds what waits in memory)
     */
    public Batch(Duration window, int maxPending) {
        this(window, maxPending, false);
    }

    /** @param emissionOrder alerts leave in the order they were offered, not most severe first */
    public Batch(Duration window, int maxPending, boolean emissionOrder) {
        this.window = window == null || window.isNegative() ? Duration.ZERO : window;
        this.maxPending = Math.max(1, maxPending);
        this.emissionOrder = emissionOrder;
    }

    public static List<Alert> ordered(Collection<Alert> alerts) {
        List<Alert> out = new ArrayList<>(alerts);
        out.sort(MOST_SEVERE_FIRST);
        return out;
    }

    /** Adds an alert (one already waiting with the same id is not added twice). */
    public synchronized void offer(Alert alert, Instant now) {
        if (pending.isEmpty()) {
            dueAt = now.plus(window);
        }
        pending.putIfAbsent(alert.id(), alert);
    }

    /** When the open window closes; empty while nothing waits. */
    public synchronized Optional<Instant> dueAt() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(pending.size() >= maxPending ? Instant.MIN : dueAt);
    }

    /** The alerts of a window that has closed by {@code now} (most severe first), or nothing yet. */
    public synchronized List<Alert> takeDue(Instant now) {
        if (pending.isEmpty() || (now.isBefore(dueAt) && pending.size() < maxPending)) {
            return List.of();
        }
        List<Alert> due = emissionOrder ? new ArrayList<>(pending.values()) : ordered(pending.values());
        pending.clear();
        dueAt = null;
        return due;
    }

    public synchronized int pending() {
        return pending.size();
    }
}
