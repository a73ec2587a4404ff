package org.releasewatch.testing;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class StartPhasesTest {

    private static final String LOG = """
            10:00:00.000 INFO  [main] o.releasewatch.ReleasewatchService - releasewatch starting: JVM up 900 ms
            10:00:05.000 INFO  [main] o.releasewatch.ReleasewatchService - releasewatch started: mode=external
            10:00:20.000 INFO  [main] o.releasewatch.ReleasewatchService - releasewatch starting: JVM up 1000 ms
            10:00:23.000 INFO  [main] o.r.broker.ClusterReplication - Topics: replication factor 1, min.insync.replicas 1
            10:00:23.500 INFO  [streams-start] org.releasewatch.rules.AlertStreams - Kafka Streams starting
            10:00:26.000 INFO  [streams-start] org.releasewatch.rules.AlertStreams - Kafka Streams started its threads in 2500 ms
            10:00:26.200 INFO  [app-1-StreamThread-1] o.a.k.c.c.i.ConsumerCoordinator - [Consumer instanceId=x-streams-1, groupId=app] Successfully joined group with generation 3
            10:00:27.000 INFO  [pool-1-thread-1] o.a.k.c.c.i.ConsumerCoordinator - [Consumer instanceId=x-ingest-releases, groupId=app-ingest-releases] Successfully joined group with generation 2
            10:00:29.000 INFO  [app-1-StreamThread-1] org.releasewatch.rules.AlertStreams - Kafka Streams REBALANCING -> RUNNING
            10:00:29.500 INFO  [main] o.releasewatch.ReleasewatchService - releasewatch started: mode=external
            """;

    @Test
    void theLastStartsPhasesAreCountedFromTheJvmStartInTheOrderTheyEnded() {
        var alertedAt = LocalDate.now().atTime(LocalTime.parse("10:00:30.000")).atZone(ZoneId.systemDefault()).toInstant();

        assertThat(StartPhases.of(LOG, alertedAt)).isEqualTo("ms since JVM start: main 1000, first bean 4000, "
                + "streams start 4500, stores opened 7000, streams joined 7200, ingest joined 8000, RUNNING 10000, "
                + "HTTP up 10500, alert 11000");
    }

    @Test
    void aHandOverIsCountedFromTheSigterm() {
        String stopping = """
                10:00:00.100 INFO  [releasewatch-shutdown] o.releasewatch.broker.StaticMembers - Kafka Streams: [x-streams-1] left group app, its tasks go to the other instances
                10:00:03.000 INFO  [app-CloseThread] org.releasewatch.rules.AlertStreams - Kafka Streams PENDING_SHUTDOWN -> NOT_RUNNING
                """;
        String other = """
                09:59:00.000 INFO  [app-2-StreamThread-1] org.releasewatch.rules.AlertStreams - Kafka Streams REBALANCING -> RUNNING
                10:00:00.600 INFO  [app-2-StreamThread-1] org.releasewatch.rules.AlertStreams - Kafka Streams RUNNING -> REBALANCING
                10:00:01.400 INFO  [app-2-StreamThread-1] org.releasewatch.rules.AlertStreams - Kafka Streams REBALANCING -> RUNNING
                """;
        var sigterm = LocalDate.now().atTime(LocalTime.parse("10:00:00.000")).atZone(ZoneId.systemDefault()).toInstant();

        assertThat(StartPhases.handover(stopping, other, sigterm)).isEqualTo(
                "ms after SIGTERM: left group 100, other REBALANCING 600, other RUNNING 1400, streams closed 3000");
    }
}
