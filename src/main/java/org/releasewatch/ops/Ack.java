package org.releasewatch.ops;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * "I have this one": who acknowledged an alert, when, and why (value of {@code releasewatch.acks.v1}, key alertId).
 * {@code thread} is the id of the alert's thread (contract v1.2): the ack applies to every message of it. An ack
 * written before v1.2 has none, and its alert was a thread's first message: its own id is its thread.
 */
public record Ack(String alertId, String by, Instant at, String note,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String thread) {

    public Ack(String alertId, String by, Instant at, String note) {
        this(alertId, by, at, note, null);
    }

    /** The thread this ack applies to. */
    @JsonIgnore
    public String threadId() {
        return thread == null ? alertId : thread;
    }
}
