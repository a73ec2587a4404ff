package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.releasewatch.delivery.SubscriptionStore;

import java.util.Map;

/**
 * The reader of the subscriptions topic: DOWN while it is loading or restarting after a failure (with the error),
 * or while a subscription cannot be used by this instance (e.g. its secret was sealed with another key), naming it.
 */
@Singleton
public class SubscriptionsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final SubscriptionStore store;

    public SubscriptionsHealthIndicator(SubscriptionStore store) {
        this.store = store;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = store.healthy() ? HealthStatus.UP : HealthStatus.DOWN;
        return store.health();
    }

    @Override
    protected String getName() {
        return "subscriptions";
    }
}
