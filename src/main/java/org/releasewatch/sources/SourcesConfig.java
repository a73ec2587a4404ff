package org.releasewatch.sources;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings shared by every configured sanctions list ({@code releasewatch.sources.*}); the lists
 * themselves are {@link SanctionsListConfig}.
 *
 * @param maxShrink    a fetch that lists fewer than {@code (1 - maxShrink)} of the entries of the last snapshot is
 *                     refused until an operator accepts it: a broken download must not read as "everyone delisted"
 * @param fetchTimeout the whole download (connect, headers and body) must end within this
 * @param maxBytes     a download larger than this is refused (default 128 MiB: the published lists are tens of
 *                     MB; the bound keeps a hostile or broken download from filling the disk and the hash)
 * @param maxEntries   a list with more entries than this is refused (the snapshot of a list is kept in memory)
 */
@ConfigurationProperties("releasewatch.sources")
public record SourcesConfig(
        @Bindable(defaultValue = "0.2") double maxShrink,
        @Bindable(defaultValue = "2m") Duration fetchTimeout,
        @Bindable(defaultValue = "134217728") long maxBytes,
        @Bindable(defaultValue = "500000") int maxEntries) {

    public static SourcesConfig defaults() {
        return new SourcesConfig(0.2, Duration.ofMinutes(2), 134_217_728L, 500_000);
    }
}
