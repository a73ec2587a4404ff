package org.releasewatch.broker;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who one embedded broker is in its KRaft quorum: alone (the service's embedded broker, and {@code broker} without
 * voters) or one of several combined broker+controller nodes that find each other through the static
 * {@code controller.quorum.voters} list, which every node is given alike
 * ({@code releasewatch.broker.controller-quorum-voters}, e.g. {@code 1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093}).
 *
 * @param nodeId         this node's id; in a quorum, one of the voters' ids
 * @param host           the name clients and the other nodes reach this node by; it listens on this name's address
 *                       ({@code 0.0.0.0} listens everywhere and advertises the local host name)
 * @param port           the client listener's port
 * @param controllerPort the controller listener's port; 0: any free port (alone only)
 * @param voters         the quorum's voters, empty when alone
 * @param clusterId      the cluster's id, the same for every node (e.g. from {@code kafka-storage random-uuid}); empty
 *                       when alone: a new folder then gets a random one
 */
public record BrokerNode(int nodeId, String host, int port, int controllerPort, List<Voter> voters,
                         Optional<String> clusterId) {

    /** One voter of {@code controller.quorum.voters}: {@code id@host:port}. */
    public record Voter(int id, String host, int port) {
        @Override
        public String toString() {
            return id + "@" + host + ":" + port;
        }
    }

    public BrokerNode {
        voters = List.copyOf(voters);
        if (!voters.isEmpty()) {
            if (voters.stream().noneMatch(v -> v.id() == nodeId)) {
                throw new IllegalArgumentException("releasewatch.broker.node-id " + nodeId
                        + " is not among the controller quorum voters " + votersText(voters));
            }
            if (clusterId.isEmpty()) {
                throw new IllegalArgumentException("releasewatch.broker.cluster-id must be set, the same on every node of "
                        + votersText(voters) + " (any 22-character base64 id, e.g. from `kafka-storage random-uuid`)");
            }
            if (controllerPort == 0) {
                throw new IllegalArgumentException("the controller port of node " + nodeId + " must be that of its voter");
            }
        }
    }

    /** The service's embedded broker: node 1 alone on {@code localhost:port}. */
    public static BrokerNode alone(int port) {
        return new BrokerNode(1, "localhost", port, 0, List.of(), Optional.empty());
    }

    /**
     * Node {@code nodeId} of the quorum {@code voters} (as {@code controller.quorum.voters} writes it); its controller
     * listens on its voter's port. Blank voters: alone.
     */
    public static BrokerNode of(int nodeId, String host, int port, String voters, String clusterId) {
        List<Voter> parsed = parseVoters(voters);
        int controllerPort = parsed.stream().filter(v -> v.id() == nodeId).mapToInt(Voter::port).findFirst().orElse(0);
        return new BrokerNode(nodeId, host, port, controllerPort, parsed,
                Optional.ofNullable(clusterId).filter(s -> !s.isBlank()));
    }

    static List<Voter> parseVoters(String voters) {
        if (voters == null || voters.isBlank()) {
            return List.of();
        }
        return Arrays.stream(voters.split(",")).map(String::trim).map(v -> {
            int at = v.indexOf('@');
            int colon = v.lastIndexOf(':');
            if (at < 1 || colon < at + 2 || colon == v.length() - 1) {
                throw new IllegalArgumentException("releasewatch.broker.controller-quorum-voters: '" + v
                        + "' is not id@host:port (e.g. 1@kafka-1:9093)");
            }
            try {
                return new Voter(Integer.parseInt(v.substring(0, at)), v.substring(at + 1, colon),
                        Integer.parseInt(v.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("releasewatch.broker.controller-quorum-voters: '" + v
                        + "' is not id@host:port (e.g. 1@kafka-1:9093)", e);
            }
        }).toList();
    }

    public boolean inQuorum() {
        return !voters.isEmpty();
    }

    /** Copies of Kafka's own topics (offsets, transactions) this cluster can keep: up to three. */
    public int internalReplicas() {
        return Math.max(1, Math.min(3, voters.size()));
    }

    String votersText() {
        return votersText(voters);
    }

    private static String votersText(List<Voter> voters) {
        return String.join(",", voters.stream().map(Voter::toString).toList());
    }
}
