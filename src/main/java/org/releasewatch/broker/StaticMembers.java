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

    /**
     * Takes this instance's Kafka Streams threads ({@code <instance-id>-streams-<n>}, one per thread number in
     * {@code threadNumbers}) out of the rules' group, so that the other instances are given its tasks now rather than
     * when its stream threads have committed and closed them and sent their own leave (seconds, on a loaded machine
     * over ten). Exactly once still holds: a closing thread's transaction that is not committed yet carries the
     * removed member's generation, so the broker refuses its offsets and it is aborted; the new owner starts from the
     * last committed offsets.
     */
    public static void leaveStreamsGroup(KafkaClients clients, List<Integer> threadNumbers) {
        if (threadNumbers.isEmpty()) {
            return;
        }
        List<MemberToRemove> members = threadNumbers.stream()
                .map(n -> new MemberToRemove(clients.instanceId() + "-streams-" + n)).toList();
        try (Admin admin = Admin.create(clients.common())) {
            admin.removeMembersFromConsumerGroup(clients.applicationId(), new RemoveMembersFromConsumerGroupOptions(members))
                    .all().get(5, TimeUnit.SECONDS);
            LOG.info("Kafka Streams: {} left group {}, its tasks go to the other instances",
                    members.stream().map(MemberToRemove::groupInstanceId).toList(), clients.applicationId());
        } catch (ExecutionException | TimeoutException e) {
            // not a member any more (the thread left or was never assigned) or Kafka unreachable: the thread's own leave follows
            LOG.debug("Kafka Streams threads {} did not leave {}: {}", threadNumbers, clients.applicationId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
