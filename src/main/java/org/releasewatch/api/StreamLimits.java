package org.releasewatch.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Bounds of the live alert stream ({@code releasewatch.api.streams.*}).
 *
 * @param max        concurrent {@code /api/alerts/stream} connections per instance; one more gets 429 with Retry-After
 * @param replayMax  alerts replayed after a {@code Last-Event-ID}; beyond it the stream says so with a {@code gap} event
 * @param retryAfter what a refused client is told to wait
 */
@ConfigurationProperties("releasewatch.api.streams")
public record StreamLimits(
        @Bindable(defaultValue = "100") int max,
        @Bindable(defaultValue = "10000") int replayMax,
        @Bindable(defaultValue = "5s") Duration retryAfter) {
}
