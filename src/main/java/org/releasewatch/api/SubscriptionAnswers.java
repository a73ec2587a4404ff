package org.releasewatch.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.NotBlank;
import org.releasewatch.delivery.AttemptsLog;
import org.releasewatch.delivery.SubscriptionAdmin;
import org.releasewatch.model.BadParameter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies {@link SubscriptionsApi} reads and writes. */
final class SubscriptionAnswers {

    private SubscriptionAnswers() {
    }

    /** {@code POST /api/subscriptions}: the id, the secret (this once, for the standard format) and the subscription. */
    @JsonPropertyOrder({"id", "secret"})
    record Created(String id, @JsonInclude(JsonInclude.Include.NON_NULL) String secret, @JsonIgnore Map<String, Object> view) {

        static Created of(SubscriptionAdmin.Created created) {
            return new Created(String.valueOf(created.view().get("id")), created.secret(), created.view());
        }

        /** The subscription's other fields, after the id and the secret. */
        @JsonAnyGetter
        Map<String, Object> fields() {
            Map<String, Object> rest = new LinkedHashMap<>(view);
            rest.remove("id");
            return rest;
        }
    }

    record Listed(List<Map<String, Object>> subscriptions) {
    }

    record Attempts(List<AttemptsLog.Attempt> attempts) {
    }

    /** {@code POST /api/subscriptions/{id}/replay}: send again what was emitted since then. */
    @Introspected
    record ReplayRequest(@NotBlank(message = "is required: an ISO-8601 instant, e.g. 2025-12-13T00:00:00Z") String since) {

        Instant at() {
            try {
                return OffsetDateTime.parse(since).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadParameter("since", "\"" + since + "\" is not an ISO-8601 instant with an offset");
            }
        }
    }

    record ReplayStarted(String id, Instant since) {
    }
}
