package org.releasewatch.rules;

import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The invariants of the threads on the alerts topic (contract v1.2, "Alerts that evolve"), as a list of violations. */
final class ThreadInvariants {

    private ThreadInvariants() {
    }

    /**
     * {@code alerts} in their order on the topic; {@code lowest} the lowest MASS_RELEASE threshold (a MASS_RELEASE cancel
     * of a higher one withdraws that threshold, not the thread).
     */
    static List<String> violations(List<Alert> alerts, int lowest) {
        List<String> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, List<String>> threads = new HashMap<>();
        Map<String, String> withdrawnBy = new HashMap<>();
        for (Alert a : alerts) {
            if (!ids.add(a.id())) {
                out.add("twice: " + a.id() + " " + a.title());
            }
            if (a.first()) {
                threads.putIfAbsent(a.id(), new ArrayList<>(List.of(a.id())));
                continue;
            }
            List<String> earlier = threads.get(a.thread());
            if (earlier == null) {
                out.add("no first message before " + a.id() + " of thread " + a.thread());
                continue;
            }
            if (a.references().isEmpty() || !earlier.containsAll(a.references())) {
                out.add(a.id() + " references " + a.references() + ", not all earlier in its thread " + earlier);
            }
            String cancel = withdrawnBy.remove(a.thread());
            if (cancel != null && (a.type() != MsgType.UPDATE || !a.references().contains(cancel))) {
                out.add(a.id() + " (" + a.type() + ") follows the cancel " + cancel + " of its thread without reviving it");
            }
            if (a.type() == MsgType.CANCEL && (a.rule() != AlertRule.MASS_RELEASE
                    || a.details().path("threshold").asInt() == lowest)) {
                withdrawnBy.put(a.thread(), a.id());
            }
            earlier.add(a.id());
        }
        return out;
    }
}
