package org.releasewatch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.model.Alert;
import org.releasewatch.rules.ReliefState;

import java.util.List;
import java.util.Map;

/** The bodies {@link QueryApi} and {@link ThreadApi} answer. */
final class QueryAnswers {

    private QueryAnswers() {
    }

    /** Alerts with their ack and silenced marks, as the dashboard and clients read them. */
    record MarkedAlerts(List<ObjectNode> alerts) {
    }

    /** Alerts as on the topic, without marks: another instance's part of an answer. */
    record Alerts(List<Alert> alerts) {
    }

    /** {@code GET /api/countries/{code}/releases}; {@code late} and {@code uncounted} only when they say something. */
    record DayReleases(String country, String date, String windowStart, int count, Map<String, Integer> byDestination,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Boolean late,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer uncounted) {
    }

    record CountryDays(String country, List<Map<String, Object>> days) {
    }

    record Links(List<ReliefState> links) {
    }

    record Thread(String thread, List<ObjectNode> messages) {
    }

    /** The live feed's {@code gap} event: why the missed alerts could not all be replayed, and how many were. */
    record Gap(String reason, String lastEventId, int replayed) {
    }
}
