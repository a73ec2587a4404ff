package org.releasewatch.sources;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * One person of a roster's snapshot: as the roster lists them, and, once the service inferred their release, in
 * which version and when — kept so that a person who comes back withdraws exactly that release.
 *
 * @param country    the person's country, else the roster's {@code country}; null when neither says
 * @param releasedIn the snapshot version whose inferred release is this person's; null while held
 * @param releasedAt that release's {@code occurredAt}
 * @param gone       no longer on the roster (kept only to withdraw the release if they come back)
 */
public record RosterEntry(String id, String name, @Nullable String country, @Nullable String status,
                          @Nullable Long releasedIn, @Nullable Instant releasedAt, boolean gone) {

    /** As listed in a download. */
    static RosterEntry listed(String id, String name, String country, String status) {
        return new RosterEntry(id, name, country, status, null, null, false);
    }

    RosterEntry released(long version, Instant at, boolean gone) {
        return new RosterEntry(id, name, country, status, version, at, gone);
    }

    boolean releaseInferred() {
        return releasedIn != null;
    }
}
