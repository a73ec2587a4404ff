package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.releasewatch.watchlist.WatchlistView;

import java.util.Map;

/** UP while this instance's view of the watchlist (the API's and the page's) is loaded and following the topic. */
@Singleton
public class WatchlistViewHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final WatchlistView view;

    public WatchlistViewHealthIndicator(WatchlistView view) {
        this.view = view;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = view.up() ? HealthStatus.UP : HealthStatus.DOWN;
        return view.details();
    }

    @Override
    protected String getName() {
        return "watchlist";
    }
}
