package org.releasewatch.delivery.channels;

import org.releasewatch.model.Alert;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns alerts into one message of a service's documented format. One alert gives the detailed message; several
 * (a batch) give a listing, most severe first, of as many as fit the service's limits, ending with "… and N more
 * in the next message" when some did not. Every piece of input text is escaped for the target.
 */
public abstract class ChannelRenderer<T> {

    protected final AlertLinks links;

    protected ChannelRenderer(AlertLinks links) {
        this.links = links;
    }

    /** The most alerts one listing shows, before the service's size limits are even looked at. */
    protected abstract int maxListed();

    /** The message for one alert; must fit the service's limits whatever the input. */
    protected abstract T one(AlertView alert);

    /** A listing of the first {@code shown} of {@code all} (more than one) alerts. */
    protected abstract T listing(List<AlertView> all, int shown);

    /** Whether a message is within the service's limits. */
    protected abstract boolean fits(T message);

    public final Rendered<T> render(List<Alert> alerts, ChannelTarget target) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("nothing to render");
        }
        List<AlertView> views = new ArrayList<>();
        for (Alert alert : Batch.ordered(alerts)) {
            views.add(AlertView.of(alert, target, links));
        }
        if (views.size() == 1) {
            return new Rendered<>(one(views.get(0)), List.of(views.get(0).id()));
        }
        for (int shown = Math.min(views.size(), maxListed()); shown >= 1; shown--) {
            T message = listing(views, shown);
            if (fits(message)) {
                return new Rendered<>(message, views.subList(0, shown).stream().map(AlertView::id).toList());
            }
        }
        throw new IllegalStateException("a listing of one alert does not fit " + getClass().getSimpleName() + "'s limits");
    }

    /** {@code 3 critical, 2 warning, 1 info} over all alerts of a batch. */
    protected static String counts(List<AlertView> all) {
        List<String> parts = new ArrayList<>();
        for (org.releasewatch.model.Severity s : List.of(org.releasewatch.model.Severity.CRITICAL,
                org.releasewatch.model.Severity.WARNING, org.releasewatch.model.Severity.INFO)) {
            long n = all.stream().filter(v -> v.severity() == s).count();
            if (n > 0) {
                parts.add(all.get(0).say("count." + s.name(), n));
            }
        }
        return String.join(", ", parts);
    }

    /** {@code 6 releasewatch alerts}: how many alerts a batch holds, in its language. */
    protected static String alerts(List<AlertView> all) {
        return all.get(0).say("batch.alerts", all.size());
    }

    /** A phrase of a batch with its named parts ({@code severity}, {@code alerts}, {@code counts}, {@code heading}). */
    protected static String batch(List<AlertView> all, String key) {
        AlertView first = all.get(0);
        java.util.Map<String, Object> args = new java.util.HashMap<>();
        args.put("severity", first.severityLabel());
        args.put("alerts", alerts(all));
        args.put("counts", counts(all));
        args.put("heading", first.heading());
        return first.words().format(key, args);
    }

    /** {@code … and 12 more in the next message}, or empty when all are shown. */
    protected static String more(List<AlertView> all, int shown) {
        int rest = all.size() - shown;
        return rest <= 0 ? "" : all.get(0).say("batch.more", String.valueOf(rest));
    }
}
