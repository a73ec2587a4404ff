package org.releasewatch.delivery.channels;

import java.util.List;

/**
 * One message ready to send, and the ids of the alerts it holds — a prefix of the alerts asked for, most severe
 * first. Alerts that did not fit are not in {@code alertIds}; they go in the next message.
 */
public record Rendered<T>(T message, List<String> alertIds) {
    public Rendered {
        alertIds = List.copyOf(alertIds);
    }
}
