package org.releasewatch.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.releasewatch.config.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes this instance's static members out of the ingest consumer groups when it stops cleanly. A static member
 * ({@code group.instance.id}) that closes its consumer stays in the group until the session time-out, so that a
 * restart gets its partitions back without a rebalance; in a rolling restart that would leave its partitions unread for
 * the whole restart. Removed, they go to the other instances at once. (Kafka Streams leaves its group itself:
 * {@code AlertStreams}.)
 */
public final class StaticMembers {

    private static final Logger LOG = LoggerFactory.getLogger(StaticMembers.class);
    /** The ingest listeners' groups and member ids are {@code <application-id>-ingest-X} and {@code <instance-id>-ingest-X}. */
    static final List<String> INGEST = List.of("releases", "sanctions", "watchlist");

    private StaticMembers() {
    }

    public static void leaveIngestGroups(KafkaClients clients) {
        try (Admin admin = Admin.create(clients.common())) {
            for (String listener : INGEST) {
                String group = clients.applicationId() + "-ingest-" + listener;
                String member = clients.instanceId() + "-ingest-" + listener;
                try {
                    admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                            List.of(new MemberToRemove(member)))).all().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // not a member (the listener never joined) or Kafka unreachable: it times out as before
                    LOG.debug("{} did not leave {}: {}", member, group, e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
