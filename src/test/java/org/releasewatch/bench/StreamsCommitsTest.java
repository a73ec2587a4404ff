package org.releasewatch.bench;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class StreamsCommitsTest {

    private static final String THREAD_1 = "bench-4752259e-4ec4-41dc-985b-e29316a87b1a-StreamThread-1";
    private static final String THREAD_2 = "bench-4752259e-4ec4-41dc-985b-e29316a87b1a-StreamThread-2";

    /** /prometheus as the service writes it: two stream threads, and an ingest producer that must not count. */
    private static String prometheus(long commits1, long commits2, double flushNs, double offsetsNs, double commitNs,
                                     long changelog, long alerts, long ingest) {
        return String.join("\n",
                "# HELP kafka_stream_thread_commit_total The total number of calls to commit",
                "# TYPE kafka_stream_thread_commit_total counter",
                "kafka_stream_thread_commit_total{kafka_version=\"4.4.0\",thread_id=\"" + THREAD_1 + "\"} " + commits1 + ".0",
                "kafka_stream_thread_commit_total{kafka_version=\"4.4.0\",thread_id=\"" + THREAD_2 + "\"} " + commits2 + ".0",
                "kafka_stream_thread_commit_latency_avg{kafka_version=\"4.4.0\",thread_id=\"" + THREAD_1 + "\"} 5.2",
                "kafka_producer_flush_time_ns_total{client_id=\"" + THREAD_1 + "-producer\",kafka_version=\"4.4.0\"} " + flushNs,
                "kafka_producer_flush_time_ns_total{client_id=\"releasewatch-ingest-releases\",kafka_version=\"4.4.0\"} " + 9 * flushNs,
                "kafka_producer_txn_send_offsets_time_ns_total{client_id=\"" + THREAD_1 + "-producer\",kafka_version=\"4.4.0\"} " + offsetsNs,
                "kafka_producer_txn_commit_time_ns_total{client_id=\"" + THREAD_1 + "-producer\",kafka_version=\"4.4.0\"} " + commitNs,
                "kafka_producer_topic_record_send_total{client_id=\"" + THREAD_1 + "-producer\",kafka_version=\"4.4.0\",topic=\"bench-linked-relief-releases-changelog\"} " + changelog + ".0",
                "kafka_producer_topic_record_send_total{client_id=\"" + THREAD_2 + "-producer\",kafka_version=\"4.4.0\",topic=\"bench-linked-relief-releases-changelog\"} " + changelog + ".0",
                "kafka_producer_topic_record_send_total{client_id=\"" + THREAD_1 + "-producer\",kafka_version=\"4.4.0\",topic=\"releasewatch.alerts.v1\"} " + alerts + ".0",
                "kafka_producer_topic_record_send_total{client_id=\"" + THREAD_1 + "-producer\",kafka_version=\"4.4.0\",topic=\"bench-rules-clock-changelog\"} 7.0",
                "kafka_producer_topic_record_send_total{client_id=\"releasewatch-ingest-releases\",kafka_version=\"4.4.0\",topic=\"releasewatch.internal.events-by-country.v1\"} " + ingest + ".0",
                "");
    }

    @Test
    void aPhaseGivesEachCommitsPartsAndTheRecordsWrittenPerTopic() {
        StreamsCommits before = StreamsCommits.of(prometheus(100, 50, 1.0e9, 2.0e8, 1.0e8, 10_000, 500, 7_000), 0);
        // 10 s later: 80 commits over both threads, 1.2 s more flushing, 0.24 s more offsets, 0.08 s more commits
        StreamsCommits after = StreamsCommits.of(prometheus(150, 80, 2.2e9, 4.4e8, 1.8e8, 60_000, 1_500, 900_000),
                10_000_000_000L);

        Map<String, Object> figures = after.since(before);

        assertThat(figures).containsEntry("commits_per_s", 8.0)
                .containsEntry("flush_ms_per_commit", 15.0)
                .containsEntry("send_offsets_ms_per_commit", 3.0)
                .containsEntry("commit_txn_ms_per_commit", 1.0)
                .as("both threads' changelog writes and the alerts; not ingest's, and the clock's 0 a second")
                .containsEntry("records_sent_per_s", 10_100.0);
        @SuppressWarnings("unchecked")
        Map<String, Double> byTopic = (Map<String, Double>) figures.get("records_sent_per_s_by_topic");
        assertThat(byTopic).containsExactly(Map.entry("bench-linked-relief-releases-changelog", 10_000.0),
                Map.entry("releasewatch.alerts.v1", 100.0));
    }

    @Test
    void aBulkGivesTheRecordsWrittenPerInputEvent() {
        StreamsCommits before = StreamsCommits.of(prometheus(100, 50, 1.0e9, 2.0e8, 1.0e8, 10_000, 500, 7_000), 0);
        // 20 000 events: 100 000 changelog records more on each of two threads, 300 alerts, 60 commits
        StreamsCommits after = StreamsCommits.of(prometheus(140, 70, 2.2e9, 4.4e8, 1.8e8, 110_000, 800, 900_000), 0);

        Map<String, Object> figures = after.perEventSince(before, 20_000);

        assertThat(figures).containsEntry("records_sent_per_event", 10.015).containsEntry("commits_per_1000_events", 3.0);
        @SuppressWarnings("unchecked")
        Map<String, Double> byTopic = (Map<String, Double>) figures.get("by_topic");
        assertThat(byTopic).as("the clock's 0 per event left out").containsExactly(
                Map.entry("bench-linked-relief-releases-changelog", 10.0), Map.entry("releasewatch.alerts.v1", 0.015));
    }

    @Test
    void aPhaseWithoutCommitsGivesZeroRatherThanNoNumber() {
        StreamsCommits same = StreamsCommits.of(prometheus(100, 50, 1.0e9, 2.0e8, 1.0e8, 10_000, 500, 7_000), 0);
        Map<String, Object> figures = StreamsCommits.of(prometheus(100, 50, 1.0e9, 2.0e8, 1.0e8, 10_000, 500, 7_000),
                1_000_000_000L).since(same);
        assertThat(figures).containsEntry("commits_per_s", 0.0).containsEntry("flush_ms_per_commit", 0.0)
                .containsEntry("records_sent_per_s", 0.0);
    }
}
