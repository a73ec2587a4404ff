package org.releasewatch.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class PendingOffsetsTest {

    private final TopicPartition p0 = new TopicPartition("alerts", 0);
    private final PendingOffsets pending = new PendingOffsets();

    @Test
    void theCommitStopsAtTheOldestAlertStillOnItsWay() {
        pending.read(p0, 10, true);
        pending.read(p0, 11, true);
        pending.read(p0, 12, false);
        pending.done(p0, 11);
        assertThat(pending.toCommit()).isEqualTo(Map.of(p0, new OffsetAndMetadata(10)));

        pending.done(p0, 10);
        assertThat(pending.toCommit()).isEqualTo(Map.of(p0, new OffsetAndMetadata(13)));
    }

    @Test
    void anOffsetAlreadyCommittedIsNotCommittedAgain() {
        pending.read(p0, 0, false);
        Map<TopicPartition, OffsetAndMetadata> first = pending.toCommit();
        pending.committed(first);
        assertThat(pending.toCommit()).isEmpty();
    }

    @Test
    void forgottenPartitionsAreNotCommittedByThisConsumer() {
        pending.read(p0, 5, true);
        pending.forget(List.of(p0));
        assertThat(pending.toCommit()).isEmpty();
        assertThat(pending.inFlight()).isZero();
    }
}
