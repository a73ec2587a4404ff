package org.releasewatch.rules;

import org.apache.kafka.clients.admin.Admin;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Refuses to start on the rules' state of v0.1.0, whose stores {@code mass-release-persons} and
 * {@code linked-relief-releases} this release replaced by {@link AlertTopology#COUNTRY_RELEASES_STORE}: it would start
 * that store empty beside the day tallies it kept, and count again every person of an open day reported again — a
 * false count, silently. Their changelog topics are what the state of v0.1.0 leaves on the broker; the reset in
 * docs/upgrades.md deletes them.
 */
public final class RetiredStores {

    /** The stores of v0.1.0 whose releases are now in {@link AlertTopology#COUNTRY_RELEASES_STORE}. */
    static final List<String> NAMES = List.of("mass-release-persons", "linked-relief-releases");

    private RetiredStores() {
    }

    /** @throws IllegalStateException naming the changelogs found and the reset, when the state of v0.1.0 is there */
    public static void check(Admin admin, String applicationId) {
        Set<String> topics;
        try {
            topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for the state of v0.1.0", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the topics to look for the state of v0.1.0: " + e.getMessage(), e);
        }
        List<String> found = NAMES.stream().map(name -> applicationId + "-" + name + "-changelog").filter(topics::contains).toList();
        if (!found.isEmpty()) {
            throw new IllegalStateException("the rules' state of v0.1.0 is still on the broker (" + String.join(", ", found)
                    + "): this release keeps a country's releases in " + AlertTopology.COUNTRY_RELEASES_STORE
                    + " and would count persons of the open days again; reset the rules' state first"
                    + " (docs/upgrades.md, \"From v0.1.0\") or start with a new application id");
        }
    }
}
