package org.releasewatch.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.RecordsToDelete;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * Retention deleting records under a reader that lags: on a one-partition topic, record {@code first} (offset 0) is
 * written and the reader is held on it; then 100 records are written and deleted, as retention would delete them,
 * and {@code after} is written (offset 101, the earliest left) before the reader is let go.
 */
public final class Retention {

    /** 2 MiB in all: more than one fetch brings (1 MiB a partition), so a reader cannot hold them all before they go. */
    private static final String LARGE = "x".repeat(20 * 1024);

    private Retention() {
    }

    /**
     * @param firstSeen true once the reader has read {@code first} (and is held on it)
     * @param release   lets the reader go; run whatever happens
     */
    public static void deletePastAHeldReader(String bootstrap, String topic, BooleanSupplier firstSeen, Runnable release) {
        try {
            Topics.send(bootstrap, topic, List.of(Topics.record(topic, "first", "1")));
            await().atMost(Duration.ofSeconds(30)).until(firstSeen::getAsBoolean);
            List<ProducerRecord<byte[], byte[]>> missed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                missed.add(Topics.record(topic, "missed-" + i, LARGE));
            }
            Topics.send(bootstrap, topic, missed);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(101))).all().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            Topics.send(bootstrap, topic, List.of(Topics.record(topic, "after", "1")));
        } finally {
            release.run();
        }
    }
}
