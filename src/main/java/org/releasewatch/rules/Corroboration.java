package org.releasewatch.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.model.Alert;
import org.releasewatch.model.Evidence;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;

import java.util.List;

/**
 * WATCHLIST_RELEASE corroboration (contract v1.2, "Alerts that evolve", step 3): a person's release of a day is
 * {@code corroborated} once two or more distinct {@code source.name}s reported it, else {@code single-source}; the
 * day's single-source alert gets one {@code update} (step {@code corroborated}) when a second source reports it.
 */
final class Corroboration {

    static final String SINGLE = "single-source";
    static final String CORROBORATED = "corroborated";

    private Corroboration() {
    }

    static String of(int sources) {
        return sources >= 2 ? CORROBORATED : SINGLE;
    }

    /** The update of the day's alert {@code first} (as it was sent, single-source) that {@code second} confirms. */
    static Alert update(Alert first, ReleaseEvent second, WatchlistEntry watched) {
        return update(first, second, "corroborated", List.of(first.id()));
    }

    /**
     * The same, made by {@code step} ({@code corroborated}, or {@code corroborated:<eventId>} when the day was
     * corroborated before and a retraction took it back to one source), superseding {@code earlier}.
     */
    static Alert update(Alert first, ReleaseEvent second, String step, List<String> earlier) {
        ObjectNode details = first.details().deepCopy();
        details.put("corroboration", CORROBORATED);
        Evidence evidence = Evidences.merge(List.of(first.evidence().eventIds().get(0), second.eventId()),
                sources(first, second), 0);
        return first.withEvidence(evidence).withTitleAndDetails(first.title(), details)
                .inThread(MsgType.UPDATE, MessageIds.of(first.id(), step), first.id(), earlier,
                        "confirmed by a second source" + (second.source() == null ? "" : " (" + second.source().name() + ")"));
    }

    private static List<org.releasewatch.model.Source> sources(Alert first, ReleaseEvent second) {
        List<org.releasewatch.model.Source> out = new java.util.ArrayList<>(first.evidence().sources());
        out.add(second.source());
        return out;
    }

    /**
     * The update of the day's alert {@code first} (as it was sent) that a retraction of {@code withdrawn} took back to
     * one source (step {@code single-source:<eventId>}).
     */
    static Alert backToOneSource(Alert first, ReleaseEvent withdrawn, List<String> earlier) {
        ObjectNode details = first.details().deepCopy();
        details.put("corroboration", SINGLE);
        return first.withTitleAndDetails(first.title(), details)
                .inThread(MsgType.UPDATE, MessageIds.of(first.id(), "single-source:" + withdrawn.eventId()), first.id(), earlier,
                        Withdrawal.change("", withdrawn.retractionNote()));
    }
}
