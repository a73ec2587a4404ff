package org.releasewatch.delivery;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Holds nothing back: the bean in use until something that can hold alerts (silences) is present. */
@Singleton
@Secondary
public class NoDeliveryHold implements DeliveryHold {

    @Override
    public Optional<String> heldBy(String alertId, byte[] alertJson) {
        return Optional.empty();
    }
}
