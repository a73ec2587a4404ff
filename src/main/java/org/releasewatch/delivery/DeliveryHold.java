package org.releasewatch.delivery;

import java.util.Optional;

/**
 * What may hold an alert back from every subscription while it still reaches the alerts topic and the history
 * (a silence). Consulted once per alert and subscription, just before delivery; an alert held back is
 * acknowledged (never sent later), and the attempts log records it as {@code silenced}.
 */
public interface DeliveryHold {

    /**
     * @param alertId   the alert's id (the {@code webhook-id})
     * @param alertJson the alert as read from the alerts topic
     * @return the id of what holds it back (e.g. a silence's id), or empty to deliver it; never throws
     */
    Optional<String> heldBy(String alertId, byte[] alertJson);
}
