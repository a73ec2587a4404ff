package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.releasewatch.api.AlertFeed;

import java.util.Map;

/** The live alert feed (dashboard, SSE): DOWN with the reason while it is failing and waiting to read again. */
@Singleton
public class AlertFeedHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final AlertFeed feed;

    public AlertFeedHealthIndicator(AlertFeed feed) {
        this.feed = feed;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> state = feed.state();
        healthStatus = Boolean.TRUE.equals(state.get("reading")) ? HealthStatus.UP : HealthStatus.DOWN;
        return state;
    }

    @Override
    protected String getName() {
        return "alertFeed";
    }
}
