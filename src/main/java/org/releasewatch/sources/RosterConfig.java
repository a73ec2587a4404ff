package org.releasewatch.sources;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One prisoner roster to follow ({@code releasewatch.sources.prisoner-rosters[n]}): a list of people currently held,
 * whose leaving is an inferred release (contract v1.2, "Prisoner rosters as a release source").
 *
 * @param name             the roster's name: in event and person ids, the API, metrics and snapshot keys
 * @param url              where it is downloaded from ({@code https}; {@code http} only with {@code allowHttp})
 * @param format           {@code csv} or {@code json-lines}
 * @param columns          {@code id}, {@code name} (required), {@code country}, {@code status}: the header (CSV) or
 *                         field (JSON lines) holding each
 * @param country          the country of a person whose row names none
 * @param releasedStatuses values of the status column that mean released (any case)
 * @param interval         how often it is fetched
 * @param publicUrl        the URL its events name as {@code source.url}; defaults to {@link #url} without secrets
 * @param allowHttp        whether {@code http://} is accepted for it and its redirects
 * @param delimiter        CSV: {@code ,}, {@code ;} or {@code tab}; detected from the header when not set
 * @param encoding         CSV: the encoding of a file that has no BOM and is not UTF-8 (e.g. {@code windows-1251})
 */
@EachProperty(value = "releasewatch.sources.prisoner-rosters", list = true)
public record RosterConfig(
        @Nullable String name,
        @Nullable String url,
        @Nullable String format,
        @Nullable Map<String, String> columns,
        @Nullable String country,
        @Nullable List<String> releasedStatuses,
        @Bindable(defaultValue = "1h") Duration interval,
        @Nullable String publicUrl,
        @Bindable(defaultValue = "false") boolean allowHttp,
        @Nullable String delimiter,
        @Nullable String encoding) {

    public RosterConfig {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        releasedStatuses = releasedStatuses == null ? List.of() : List.copyOf(releasedStatuses);
    }

    /** The roster's name, trimmed ("" when missing). */
    public String rosterName() {
        return name == null ? "" : name.trim();
    }

    /** The {@code source.url} of its events: {@link #publicUrl()} when set, else the URL without secrets. */
    public String eventUrl() {
        return publicUrl != null && !publicUrl.isBlank() ? publicUrl.trim() : Redact.withoutSecrets(url.trim());
    }
}
