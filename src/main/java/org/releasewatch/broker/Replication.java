package org.releasewatch.broker;

import org.releasewatch.config.TopicsConfig;

/**
 * How many copies every topic of the service keeps, and how many of them must have a write before it counts
 * ({@code min.insync.replicas}): from {@code releasewatch.topics.replication-factor} and
 * {@code releasewatch.topics.min-insync-replicas} where set, else from the cluster's size. One broker (the embedded
 * one): 1 and 1. Three or more: 3 and 2, so one broker may be down and every write still lands on two. Two brokers:
 * 2 and 1 (with 2 and 2 a single broker down would stop every write).
 *
 * @param factor     replicas of every topic created (the service's and Kafka Streams' changelogs)
 * @param minInsync  {@code min.insync.replicas} of those topics; with {@code acks=all} a write needs this many
 * @param brokers    brokers the cluster had at start
 * @param configured whether both came from the configuration rather than the cluster's size
 */
public record Replication(short factor, short minInsync, int brokers, boolean configured) {

    public Replication {
        if (factor < 1 || minInsync < 1 || minInsync > factor) {
            throw new IllegalArgumentException("replication: need 1 <= releasewatch.topics.min-insync-replicas ("
                    + minInsync + ") <= releasewatch.topics.replication-factor (" + factor + ")");
        }
    }

    /** The settings for a cluster of {@code brokers}, with the configured values taking precedence. */
    public static Replication decide(TopicsConfig topics, int brokers) {
        Short factorSet = topics.replicationFactor();
        Short minSet = topics.minInsyncReplicas();
        short factor = factorSet != null ? factorSet : (short) Math.max(1, Math.min(3, brokers));
        short min = minSet != null ? minSet : (short) (factor >= 3 ? 2 : 1);
        return new Replication(factor, min, brokers, factorSet != null && minSet != null);
    }

    /** Can the cluster, as it is now, take a write to a topic with these settings? */
    public boolean writable(int liveBrokers) {
        return liveBrokers >= minInsync;
    }

    @Override
    public String toString() {
        return "replication factor " + factor + ", min.insync.replicas " + minInsync + " ("
                + (configured ? "configured" : "from the cluster size") + "; " + brokers + " broker(s) at start)";
    }
}
