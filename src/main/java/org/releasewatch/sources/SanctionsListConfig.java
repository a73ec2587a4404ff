package org.releasewatch.sources;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * One official list to follow ({@code releasewatch.sources.sanctions-lists[n]}).
 *
 * @param format    {@code ofac-sdn-xml}, {@code eu-fsf-xml}, {@code un-sc-xml} or {@code uk-ofsi-xml}
 * @param url       where the list is downloaded from ({@code https}; {@code http} only with {@code allowHttp})
 * @param interval  how often it is fetched
 * @param id        the list's name in the API, metrics and snapshot keys; defaults to the format (set it when two
 *                  lists share a format)
 * @param publicUrl the URL the list's events name as {@code source.url}; defaults to {@link #url} without its
 *                  query and user information, which may carry a personal token
 * @param allowHttp whether {@code http://} (no TLS) is accepted for the list and its redirects
 */
@EachProperty(value = "releasewatch.sources.sanctions-lists", list = true)
public record SanctionsListConfig(
        @Nullable String format,
        @Nullable String url,
        @Bindable(defaultValue = "1h") Duration interval,
        @Nullable String id,
        @Nullable String publicUrl,
        @Bindable(defaultValue = "false") boolean allowHttp) {

    /** A list with the defaults of the optional settings. */
    public SanctionsListConfig(String format, String url, Duration interval, String id) {
        this(format, url, interval, id, null, false);
    }

    /** The list's id: {@link #id()} when set, else the format. */
    public String listId() {
        return id != null && !id.isBlank() ? id.trim() : format == null ? "" : format.trim();
    }

    /** The {@code source.url} of the list's events: {@link #publicUrl()} when set, else the URL without secrets. */
    public String eventUrl() {
        return publicUrl != null && !publicUrl.isBlank() ? publicUrl.trim() : Redact.withoutSecrets(url.trim());
    }
}
