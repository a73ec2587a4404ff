package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Ingest limits ({@code releasewatch.ingest.*}).
 *
 * @param maxBytes       records larger than this go to the DLQ (default 1 MiB; at most half of
 *                       {@link RecordSizes#MAX_RECORD_BYTES}, the margin for headers and re-serialisation)
 * @param maxFutureSkew  an {@code occurredAt} further than this in the future is rejected
 */
@ConfigurationProperties("releasewatch.ingest")
public record IngestConfig(
        @Bindable(defaultValue = "1048576") int maxBytes,
        @Bindable(defaultValue = "24h") Duration maxFutureSkew) {
}
