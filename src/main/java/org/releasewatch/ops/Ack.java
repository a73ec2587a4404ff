package org.releasewatch.ops;

import java.time.Instant;

/** "I have this one": who acknowledged an alert, when, and why (value of {@code releasewatch.acks.v1}, key alertId). */
public record Ack(String alertId, String by, Instant at, String note) {
}
