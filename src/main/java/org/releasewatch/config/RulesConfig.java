package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.type.Argument;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of the alert rules ({@code releasewatch.rules.*}). Each default is written once, in its
 * {@code @Bindable}; {@link #defaults()} reads them from there for code without configuration (the topology tests,
 * the benchmark).
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

    /** The settings with every default, converted from the {@code @Bindable} texts as Micronaut converts them. */
    public static RulesConfig defaults() {
        Class<?>[] types = Arrays.stream(RulesConfig.class.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            Constructor<RulesConfig> canonical = RulesConfig.class.getDeclaredConstructor(types);
            Parameter[] parameters = canonical.getParameters();
            Object[] values = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                String text = parameters[i].getAnnotation(Bindable.class).defaultValue();
                values[i] = types[i] == List.class
                        ? ConversionService.SHARED.convertRequired(text, Argument.listOf(Integer.class))
                        : ConversionService.SHARED.convertRequired(text, types[i]);
            }
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RulesConfig's defaults", e);
        }
    }
}
