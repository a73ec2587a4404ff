package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.ConversionService;

import java.time.Duration;

/**
 * The day history ({@code releasewatch.history.*}): distinct persons released per country and UTC day, kept after the
 * rules' own state of the day has expired, so that a question about a past day never gets a false 0. The default is
 * written once, in its {@code @Bindable}; {@link #defaults()} reads it from there.
 *
 * @param retention how long a day is kept behind its country's clock (the country's latest release)
 */
@ConfigurationProperties("releasewatch.history")
public record HistoryConfig(@Bindable(defaultValue = "400d") Duration retention) {

    public HistoryConfig {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("releasewatch.history.retention: must be a positive duration, e.g. 400d");
        }
    }

    /** The settings with the default, converted from the {@code @Bindable} text as Micronaut converts it. */
    public static HistoryConfig defaults() {
        try {
            Bindable bindable = HistoryConfig.class.getDeclaredConstructor(Duration.class).getParameters()[0]
                    .getAnnotation(Bindable.class);
            return new HistoryConfig(ConversionService.SHARED.convertRequired(bindable.defaultValue(), Duration.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("HistoryConfig's default", e);
        }
    }
}
