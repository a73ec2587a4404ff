package org.releasewatch.rules;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The topics one stream task reads together must have the same number of partitions: a person's
 * releases (ingest's copy keyed by person id) and their watchlist entry meet only if person ids land on the
 * same partition number in both. Kafka Streams does not check this for a merge; with topics created by
 * someone else a mismatch would silently lose WATCHLIST_RELEASE alerts. So the service refuses to start.
 */
public final class CoPartitioning {

    private CoPartitioning() {
    }

    /** The topics of the rules' task that must be co-partitioned. */
    public static List<String> topics(String internalEvents, String internalWatchlist, String internalReleasesByPerson) {
        return List.of(internalEvents, internalWatchlist, internalReleasesByPerson);
    }

    /** Throws, naming both topics and their counts, if any two existing topics of {@code topics} differ. */
    public static void check(Admin admin, Collection<String> topics) {
        Map<String, Integer> partitions = new TreeMap<>();
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<String> present = new ArrayList<>(topics.stream().filter(existing::contains).toList());
            Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames().get(60, TimeUnit.SECONDS);
            present.forEach(t -> partitions.put(t, described.get(t).partitions().size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking partition counts of " + topics, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the partition counts of " + topics + ": " + e.getMessage(), e);
        }
        requireEqual(partitions);
    }

    static void requireEqual(Map<String, Integer> partitions) {
        Map.Entry<String, Integer> first = null;
        for (Map.Entry<String, Integer> e : partitions.entrySet()) {
            if (first == null) {
                first = e;
            } else if (!first.getValue().equals(e.getValue())) {
                throw new IllegalStateException("topics " + first.getKey() + " (" + first.getValue() + " partitions) and "
                        + e.getKey() + " (" + e.getValue() + " partitions) must have the same number of partitions: "
                        + "the rules read them together by key. Recreate or expand one of them to match (see docs/operations.md).");
            }
        }
    }
}
