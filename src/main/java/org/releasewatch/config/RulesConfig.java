package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the alert rules ({@code releasewatch.rules.*}); defaults are in application.yml and
 * {@link #defaults()} (a test keeps the two equal).
 *
 * @param massThresholds  MASS_RELEASE fires once per threshold, the moment the distinct count reaches it
 * @param massWindow      MASS_RELEASE tumbling window, aligned to UTC midnight
 * @param lateness        how late (event time behind the rules' clock, {@code RuleClock}) an event may arrive and
 *                        still count, for every rule: MASS_RELEASE counts a release, LINKED_RELIEF links a relief,
 *                        the watchlist matches a release to a person added later; also how long the state for it is kept
 * @param linkWindow      LINKED_RELIEF: a release within ± this of a relief links to it
 * @param dedupRetention  how much event time of emitted alert ids is kept to guarantee one alert per dedup key
 * @param historyRetention how long (by emittedAt) alerts stay queryable in the alert history store
 */
@ConfigurationProperties("releasewatch.rules")
public record RulesConfig(
        @Bindable(defaultValue = "10,100") List<Integer> massThresholds,
        @Bindable(defaultValue = "24h") Duration massWindow,
        @Bindable(defaultValue = "48h") Duration lateness,
        @Bindable(defaultValue = "7d") Duration linkWindow,
        @Bindable(defaultValue = "400d") Duration dedupRetention,
        @Bindable(defaultValue = "30d") Duration historyRetention) {

    public RulesConfig {
        massThresholds = massThresholds.stream().sorted().distinct().toList();
        if (massThresholds.isEmpty() || massThresholds.get(0) < 1) {
            throw new IllegalArgumentException("releasewatch.rules.mass-thresholds: needs at least one threshold >= 1");
        }
    }

    public static RulesConfig defaults() {
        return new RulesConfig(List.of(10, 100), Duration.ofHours(24), Duration.ofHours(48), Duration.ofDays(7),
                Duration.ofDays(400), Duration.ofDays(30));
    }
}
