package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.releasewatch.delivery.WebhookDelivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry per webhook subscription's worker: its {@code state}, {@code restarts} and {@code lastError}. DOWN while
 * a worker is {@code restarting} (it stopped on an error and waits out its back-off) or {@code stopped} while the
 * service runs, or while starting, replacing or stopping workers failed, with the reason naming the subscription and
 * the error; UP with no subscriptions.
 */
@Singleton
public class WebhookWorkersHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final WebhookDelivery webhooks;

    public WebhookWorkersHealthIndicator(WebhookDelivery webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        List<Map<String, Object>> workers = webhooks.status();
        List<String> down = workers.stream()
                .filter(w -> "restarting".equals(w.get("state")) || "stopped".equals(w.get("state")))
                .map(w -> "subscription " + w.get("id") + " (" + w.get("url") + ") is " + w.get("state")
                        + (w.get("lastError") == null ? "" : ": " + w.get("lastError")))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        webhooks.reconcileFailure().ifPresent(e -> down.add("the workers could not be matched to the subscriptions: " + e));
        healthStatus = down.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("workers", workers.stream().map(w -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            for (String key : List.of("id", "index", "url", "state", "restarts", "lastError", "lastErrorAt")) {
                if (w.get(key) != null) {
                    shown.put(key, w.get(key));
                }
            }
            return shown;
        }).toList());
        if (!down.isEmpty()) {
            details.put("reason", String.join("; ", down));
        }
        return details;
    }

    @Override
    protected String getName() {
        return "webhooks";
    }
}
