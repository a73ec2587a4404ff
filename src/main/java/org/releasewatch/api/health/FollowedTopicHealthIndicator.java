package org.releasewatch.api.health;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import org.releasewatch.follow.FollowedTopic;

import java.util.Map;

/**
 * One component of {@code /health} per view that follows a topic into memory (the live alert feed, the watchlist,
 * the subscriptions, the ops views): UP while the view says so, DOWN otherwise, with the follower's state and reason.
 */
@EachBean(FollowedTopic.class)
public class FollowedTopicHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final FollowedTopic view;

    public FollowedTopicHealthIndicator(FollowedTopic view) {
        this.view = view;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = view.up() ? HealthStatus.UP : HealthStatus.DOWN;
        return view.health();
    }

    @Override
    protected String getName() {
        return view.healthName();
    }
}
