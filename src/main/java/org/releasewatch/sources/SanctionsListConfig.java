package org.releasewatch.sources;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * One official list to follow ({@code releasewatch.sources.sanctions-lists[n]}).
 *
 * @param format   {@code ofac-sdn-xml}, {@code eu-fsf-xml}, {@code un-sc-xml} or {@code uk-ofsi-xml}
 * @param url      where the list is downloaded from ({@code http}, {@code https})
 * @param interval how often it is fetched
 * @param id       the list's name in the API, metrics and snapshot keys; defaults to the format (set it when two
 *                 lists share a format)
 */
@EachProperty(value = "releasewatch.sources.sanctions-lists", list = true)
public record SanctionsListConfig(
        @Nullable String format,
        @Nullable String url,
        @Bindable(defaultValue = "1h") Duration interval,
        @Nullable String id) {

    /** The list's id: {@link #id()} when set, else the format. */
    public String listId() {
        return id != null && !id.isBlank() ? id.trim() : format == null ? "" : format.trim();
    }
}
