package org.releasewatch.sources;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * For sanctions lists and prisoner rosters alike ({@code list} is the list's id or the roster's name):
 * {@code releasewatch.sources.fetches{list, outcome}} (changed, unchanged, baseline, not-modified, failed, refused),
 * {@code releasewatch.sources.events{list, action}} (a sanction action, or {@code RELEASED} / {@code RETRACTED}), {@code releasewatch.sources.unresolved{list}} (changes with no
 * resolvable country), and the gauges {@code releasewatch.sources.entries{list}} and
 * {@code releasewatch.sources.failing{list}} (1 while the last fetch failed or was refused).
 */
@Singleton
public class SourcesMetrics {

    private final MeterRegistry registry;

    public SourcesMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(ListStatus status) {
        Gauge.builder("releasewatch.sources.entries", status, s -> s.entries() == null ? 0 : s.entries())
                .description("Entries in the last accepted snapshot of a sanctions list, persons listed in a roster").tag("list", status.listId())
                .register(registry);
        Gauge.builder("releasewatch.sources.failing", status, s -> s.failing() ? 1 : 0)
                .description("1 while the last fetch of a sanctions list or roster failed or was refused").tag("list", status.listId())
                .register(registry);
    }

    void fetch(String list, String outcome) {
        Counter.builder("releasewatch.sources.fetches").description("Fetches of sanctions lists and rosters by outcome")
                .tag("list", list).tag("outcome", outcome).register(registry).increment();
    }

    void event(String list, String action) {
        Counter.builder("releasewatch.sources.events").description("Events written from sanctions lists (SanctionEvents) and rosters (inferred ReleaseEvents)")
                .tag("list", list).tag("action", action).register(registry).increment();
    }

    void unresolved(String list) {
        Counter.builder("releasewatch.sources.unresolved").description("List or roster changes with no resolvable country (no event written)")
                .tag("list", list).register(registry).increment();
    }
}
