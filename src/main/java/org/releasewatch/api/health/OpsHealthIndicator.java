package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.releasewatch.ops.OpsHealth;

import java.util.Map;

/** The readers of acks and silences: DOWN with the reason while either is failing and waiting to read again. */
@Singleton
public class OpsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final OpsHealth ops;

    public OpsHealthIndicator(OpsHealth ops) {
        this.ops = ops;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = ops.reading() ? HealthStatus.UP : HealthStatus.DOWN;
        return ops.state();
    }

    @Override
    protected String getName() {
        return "ops";
    }
}
