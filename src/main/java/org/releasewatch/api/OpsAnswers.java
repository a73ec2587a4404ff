package org.releasewatch.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import org.releasewatch.json.TextOnly;
import org.releasewatch.model.BadParameter;
import org.releasewatch.ops.Silence;

import java.util.List;
import java.util.Map;

/** The bodies {@link OpsApi} reads and writes. */
final class OpsAnswers {

    private OpsAnswers() {
    }

    /** {@code POST /api/alerts/{id}/ack}: an optional note, and nothing else (a misspelt field is named, not lost). */
    @Introspected
    record AckRequest(@Nullable @JsonDeserialize(using = TextOnly.class) String note,
                      @JsonAnySetter Map<String, Object> others) {
        AckRequest {
            if (others != null && !others.isEmpty()) {
                throw new BadParameter(others.keySet().iterator().next(), "is not a field of an ack; only \"note\"");
            }
        }
    }

    /** A silence as stored, with its state now (pending, active, ended). */
    record SilenceView(@JsonUnwrapped Silence silence, String state) {
    }

    record Silences(List<SilenceView> silences) {
    }
}
