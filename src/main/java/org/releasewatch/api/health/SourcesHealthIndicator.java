package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.releasewatch.sources.ListStatus;
import org.releasewatch.sources.SanctionsSources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DOWN when a list's fetch loop is not running. A list that cannot be fetched, or whose last download was refused,
 * leaves the service UP (it still processes everything else; restarting it would not fix a publisher's outage) but
 * is named with its reason in the details.
 */
@Singleton
public class SourcesHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final SanctionsSources sources;

    public SourcesHealthIndicator(SanctionsSources sources) {
        this.sources = sources;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        List<ListStatus> statuses = sources.statuses();
        boolean loopsUp = statuses.stream().allMatch(ListStatus::loopAlive);
        healthStatus = loopsUp ? HealthStatus.UP : HealthStatus.DOWN;
        for (ListStatus s : statuses) {
            Map<String, Object> all = s.toMap();
            Map<String, Object> d = new LinkedHashMap<>();
            for (String key : List.of("state", "fetchedHere", "lastFetch", "lastOutcome", "entries", "lastError", "loop")) {
                d.put(key, all.get(key));
            }
            details.put(s.listId(), d);
        }
        List<String> down = statuses.stream().filter(s -> !s.loopAlive()).map(ListStatus::listId).toList();
        List<String> failing = statuses.stream().filter(ListStatus::failing).map(ListStatus::listId).toList();
        if (!down.isEmpty()) {
            details.put("reason", "the fetch loop of " + down + " is not running");
        } else if (!failing.isEmpty()) {
            details.put("reason", "the last fetch of " + failing + " failed or was refused (see lastError)");
        }
        return details;
    }

    @Override
    protected String getName() {
        return "sources";
    }
}
