package org.releasewatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/**
 * Where a Kafka Streams commit's time goes and what the stream threads write, from two readings of the service's
 * {@code /prometheus} (the client metrics Micrometer binds for the {@code KafkaStreams} instance). An alert is readable
 * only after the commit of its transaction, so the commit's parts are part of every alert's latency: the producer's
 * flush (waiting for the acks of everything sent since the last commit), {@code sendOffsetsToTransaction} and
 * {@code commitTransaction}. The records written per topic say what the thread spends the commits on (changelog
 * tombstones of a purge show as writes above the live rate).
 */
final class StreamsCommits {

    /** The stream threads' producers are named {@code <application id>-<uuid>-StreamThread-<n>-producer}. */
    private static final String STREAM_PRODUCER = "StreamThread-";
    private static final String SENT = "sent to ";

    private final Map<String, Double> totals;
    private final long atNanos;

    private StreamsCommits(Map<String, Double> totals, long atNanos) {
        this.totals = totals;
        this.atNanos = atNanos;
    }

    /** The counters in {@code prometheus} (the text of {@code /prometheus}), summed over the stream threads. */
    static StreamsCommits of(String prometheus, long atNanos) {
        Map<String, Double> totals = new TreeMap<>();
        prometheus.lines().filter(l -> !l.startsWith("#")).forEach(line -> {
            String name = line.substring(0, Math.max(0, line.indexOf('{')));
            String key = switch (name) {
                case "kafka_stream_thread_commit_total" -> "commits";
                case "kafka_producer_flush_time_ns_total" -> streamProducer(line) ? "flush_ns" : null;
                case "kafka_producer_txn_send_offsets_time_ns_total" -> streamProducer(line) ? "send_offsets_ns" : null;
                case "kafka_producer_txn_commit_time_ns_total" -> streamProducer(line) ? "commit_txn_ns" : null;
                case "kafka_producer_topic_record_send_total" -> streamProducer(line) ? SENT + label(line, "topic") : null;
                default -> null;
            };
            if (key != null) {
                totals.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        });
        return new StreamsCommits(totals, atNanos);
    }

    private static boolean streamProducer(String line) {
        String client = label(line, "client_id");
        return client.contains(STREAM_PRODUCER) && client.endsWith("-producer");
    }

    private static String label(String line, String label) {
        int at = line.indexOf(label + "=\"");
        if (at < 0) {
            return "";
        }
        at += label.length() + 2;
        return line.substring(at, line.indexOf('"', at));
    }

    /**
     * Between {@code before} and this: commits a second, the milliseconds of each commit's flush, offsets and
     * transaction commit on average, and the records the stream threads wrote a second, in all and per topic
     * (the largest first, those under one a second left out).
     */
    Map<String, Object> since(StreamsCommits before) {
        double seconds = (atNanos - before.atNanos) / 1e9;
        double commits = delta(before, "commits");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commits_per_s", Decimals.one(commits / seconds));
        out.put("flush_ms_per_commit", Decimals.one(perCommitMs(before, "flush_ns", commits)));
        out.put("send_offsets_ms_per_commit", Decimals.one(perCommitMs(before, "send_offsets_ns", commits)));
        out.put("commit_txn_ms_per_commit", Decimals.one(perCommitMs(before, "commit_txn_ns", commits)));
        sent(before, seconds, 1, Decimals::one, "records_sent_per_s", "records_sent_per_s_by_topic", out);
        return out;
    }

    /**
     * The records the stream threads wrote between {@code before} and this per one of {@code events} input events, in
     * all and per topic (the largest first, those under 0.01 left out): the rules' writes that the baseline's copy does
     * not make.
     */
    Map<String, Object> perEventSince(StreamsCommits before, long events) {
        Map<String, Object> out = new LinkedHashMap<>();
        sent(before, events, 0.01, Decimals::three, "records_sent_per_event", "by_topic", out);
        out.put("commits_per_1000_events", Decimals.one(delta(before, "commits") * 1000 / events));
        return out;
    }

    /**
     * The records sent since {@code before}, divided by {@code per}: their sum under {@code totalKey}, and under
     * {@code byTopicKey} each topic's, the largest first, those under {@code leaveOutBelow} left out.
     */
    private void sent(StreamsCommits before, double per, double leaveOutBelow, DoubleUnaryOperator round, String totalKey,
                      String byTopicKey, Map<String, Object> out) {
        Map<String, Double> perTopic = new TreeMap<>();
        totals.keySet().stream().filter(k -> k.startsWith(SENT))
                .forEach(k -> perTopic.put(k.substring(SENT.length()), delta(before, k) / per));
        out.put(totalKey, round.applyAsDouble(perTopic.values().stream().mapToDouble(Double::doubleValue).sum()));
        Map<String, Double> byTopic = new LinkedHashMap<>();
        perTopic.entrySet().stream().filter(e -> e.getValue() >= leaveOutBelow)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> byTopic.put(e.getKey(), round.applyAsDouble(e.getValue())));
        out.put(byTopicKey, byTopic);
    }

    private double perCommitMs(StreamsCommits before, String key, double commits) {
        return commits == 0 ? 0 : delta(before, key) / commits / 1e6;
    }

    private double delta(StreamsCommits before, String key) {
        return totals.getOrDefault(key, 0.0) - before.totals.getOrDefault(key, 0.0);
    }
}
