package org.releasewatch.bench;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.ServiceProcess;
import org.releasewatch.testing.ServiceYaml;
import org.releasewatch.testing.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code bench/run}: every figure in one invocation, on one broker, so they compare as ratios on a
 * noisy machine. The broker and the service are separate processes ({@code java -jar
 * releasewatch.jar broker} and the service jar with {@code KAFKA_BOOTSTRAP_SERVERS}), so their memory
 * can be told apart; this process produces, copies (baseline), reads alerts and receives webhooks.
 *
 * <ol>
 * <li>baseline: consume → JSON read/write → transactional produce with the offsets in the transaction</li>
 * <li>pipeline: the same N events through ingest → rules → alerts, until every group has committed everything</li>
 * <li>latency: a fixed rate for a fixed time, event produced → WATCHLIST_RELEASE alert readable (read_committed)
 *     → webhook received</li>
 * <li>memory: peak RSS of the service and of the broker, heap used, state stores on disk</li>
 * <li>replay: all inputs again with a new application id</li>
 * <li>JMH: the per-record hot path (parse + validate + serialise)</li>
 * </ol>
 * Writes {@code target/bench/result.json}; the service's JFR recording is {@code target/bench/service.jfr}, of the
 * replay's service when the replay runs (so the measured service's memory is not the profiler's), else of the
 * pipeline's.
 */
public final class Benchmark {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    // the service's memory budget (docs/benchmark.md): heap 192 MiB (about 100 MiB in use after a run), RocksDB
    // 64 MiB, the serial collector (G1's remembered sets and its habit of keeping the heap it once grew to cost RSS
    // that a 2-core service does not need). jdk.nio.maxCachedBufferSize: each thread that writes a heap buffer to a
    // socket keeps a direct copy of the largest it wrote; Kafka's network threads write whole batches, and those
    // copies were RSS for good
    private static final List<String> SERVICE_JVM = List.of("-Xms128m", "-Xmx192m", "-XX:+UseSerialGC",
            "-Djdk.nio.maxCachedBufferSize=262144", "-XX:+ExitOnOutOfMemoryError");
    // the broker's: its heap holds request buffers and metadata, not the log (page cache, outside RSS); a single
    // node with a few dozen partitions had 52 MiB in its old generation after a run, far below Kafka's 1 GiB
    // default. TrimNativeHeapInterval returns what malloc freed (the JIT's arenas) to the system: 330 -> 300 MiB.
    // A young generation of 24 MiB rather than a third of the heap (32), so the old one has 72: with 53-61 MiB live,
    // 64 MiB filled within 25 s at 1 000 events/s, and each full collection stopped the broker for 100-150 ms
    private static final List<String> BROKER_JVM = List.of("-Xms64m", "-Xmx96m", "-Xmn24m", "-XX:+UseSerialGC",
            "-Djdk.nio.maxCachedBufferSize=262144", "-XX:TrimNativeHeapInterval=5000", "-XX:+ExitOnOutOfMemoryError");
    private static final int PARTITIONS = 3;

    private final Path out;
    private final long events;
    /** Also compare the bulk's alert ids with those of ReferenceModel ({@code --reference true|false}). */
    private final boolean reference;
    private final int rate;
    private final int latencySeconds;
    private final int streamThreads;
    private final String commitInterval;
    /** The service's and the broker's JVM flags: the budget's, then those given on the command line. */
    private final List<String> serviceJvm;
    private final List<String> brokerJvm;
    private final boolean replayPhase;
    private final boolean profiled;
    private final boolean jmhPhase;
    private final boolean timeHops;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private String bootstrap;
    private Admin admin;
    /** The alert ids a read_committed reader saw after the bulk, by rule: what the reference is compared with. */
    private Map<String, Set<String>> bulkAlertIds = Map.of();

    private Benchmark(Path out, long events, boolean reference, int rate, int latencySeconds, int streamThreads,
                      String commitInterval, List<String> serviceJvm, List<String> brokerJvm, boolean replayPhase,
                      boolean profiled, boolean jmhPhase, boolean timeHops) {
        this.profiled = profiled;
        this.timeHops = timeHops;
        this.serviceJvm = jvmFlags(SERVICE_JVM, serviceJvm);
        this.brokerJvm = jvmFlags(BROKER_JVM, brokerJvm);
        this.replayPhase = replayPhase;
        this.jmhPhase = jmhPhase;
        this.reference = reference;
        this.streamThreads = streamThreads;
        this.commitInterval = commitInterval;
        this.out = out;
        this.events = events;
        this.rate = rate;
        this.latencySeconds = latencySeconds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long events = Long.parseLong(options.getOrDefault("events", "1000000"));
        Benchmark bench = new Benchmark(Path.of(options.getOrDefault("out", "target/bench")),
                events,
                // the reference holds every release of the bulk at once: by default only on the quicker runs
                Boolean.parseBoolean(options.getOrDefault("reference", String.valueOf(events <= 200_000))),
                Integer.parseInt(options.getOrDefault("rate", "1000")),
                Integer.parseInt(options.getOrDefault("latency-seconds", "60")),
                Integer.parseInt(options.getOrDefault("stream-threads", "0")),
                options.get("commit-interval"),
                // extra service JVM flags, e.g. "-Dreleasewatch.streams.commit-interval=50ms" for a sweep
                flags(options.get("service-jvm")),
                flags(options.get("broker-jvm")),
                Boolean.parseBoolean(options.getOrDefault("replay", "true")),
                // a JFR recording costs the profiled service CPU and memory of its own: off for sweeps of latency
                Boolean.parseBoolean(options.getOrDefault("profile", "true")),
                Boolean.parseBoolean(options.getOrDefault("jmh", "true")),
                // readers of every hop: they load the shared CPU and broker themselves, so only when asked
                Boolean.parseBoolean(options.getOrDefault("hops", "false")));
        bench.run();
        System.exit(0);
    }

    /**
     * A process's flags: the defaults, then the user's ({@code --service-jvm}, {@code --broker-jvm}), which win where
     * both set one thing, as the JVM takes the last of each. The one flag the JVM refuses twice, the choice of
     * collector, is dropped from the defaults when the user chooses one.
     */
    static List<String> jvmFlags(List<String> defaults, List<String> user) {
        boolean collector = user.stream().anyMatch(Benchmark::choosesCollector);
        List<String> all = new ArrayList<>();
        defaults.stream().filter(flag -> !(collector && choosesCollector(flag))).forEach(all::add);
        all.addAll(user);
        return List.copyOf(all);
    }

    private static boolean choosesCollector(String flag) {
        return flag.matches("-XX:\\+Use\\w+GC");
    }

    private static List<String> flags(String option) {
        return option == null || option.isBlank() ? List.of() : List.of(option.trim().split("\\s+"));
    }

    static Map<String, Object> producerSettings(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        return p;
    }

    private void run() throws Exception {
        // Ctrl-C or a failure must not leave a broker or a service behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        deleteRecursively(out);
        Files.createDirectories(out);
        int brokerPort = EmbeddedKafkaBroker.freePort();
        bootstrap = "localhost:" + brokerPort;
        Process broker = startBroker(brokerPort);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        HttpServer receiver = null;
        try {
            awaitUntil("broker up", Duration.ofSeconds(60), () -> {
                try {
                    return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            log("generating %,d events", events);
            List<Workload.Event> bulk = generate();
            result.put("events", events);
            result.put("mean_event_bytes", bulk.stream().mapToInt(e -> e.json().length).average().orElse(0));

            double baseline = baseline(bulk, broker.pid());
            double raw = rawBaseline(bulk);
            Webhooks webhooks = new Webhooks();
            receiver = webhooks.start();
            TopicsConfig topics = topics("releasewatch", "bench");
            // a profiler keeps memory of its own (48 MiB, NMT "Tracing", with JFR's profile settings): the service whose
            // memory and latency are measured runs without it, as in production, and the replay (the same events
            // again, at full speed) is the one profiled, with JFR's default settings (a sample every 20 ms)
            ServiceProcess service = startService(topics, "bench", webhooks.url(), profiled && !replayPhase);
            result.put("profiled_phase", !profiled ? "none" : replayPhase ? "replay" : "pipeline (rss_mb includes the profiler's memory)");
            try {
                double pipeline = pipeline(service, broker.pid(), topics, bulk);
                result.put("baseline_eps", round(baseline));
                result.put("pipeline_eps", round(pipeline));
                result.put("ratio", round2(pipeline / baseline));
                result.put("ratio_to_raw", round2(pipeline / raw));
                latency(service, broker, topics, webhooks);
                memory(service, broker);
            } finally {
                service.close(); // SIGTERM: the JFR recording is written on exit
            }
            if (reference) {
                compareWithReference(bulk);
            }
            bulk = null;
            if (replayPhase) {
                replay(baseline, raw);
            }
            profile();
            if (jmhPhase) {
                jmh();
            }
            machine();
            Files.writeString(out.resolve("result.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            printTable();
        } finally {
            if (receiver != null) {
                receiver.stop(0);
            }
            admin.close();
            broker.destroy();
            broker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // ---- 1 baseline -----------------------------------------------------------------------------------------

    private double baseline(List<Workload.Event> bulk, long brokerPid) throws Exception {
        createTopics("bench.baseline.in", "bench.baseline.out");
        BaselineCopy copy = new BaselineCopy(bootstrap, "bench.baseline.in", "bench.baseline.out", bulk.size(), false);
        Thread copier = new Thread(copy, "baseline-copy");
        copier.start();
        log("baseline: copying %,d events", bulk.size());
        PhaseCpu cpu = PhaseCpu.start(Map.of("broker", brokerPid, "bench", ProcessHandle.current().pid()));
        long start = System.nanoTime();
        produce(bulk, e -> "bench.baseline.in");
        copier.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("baseline_seconds", round2(seconds));
        cpu.end("baseline", bulk.size(), seconds, result);
        return bulk.size() / seconds;
    }

    /** The broker's raw limit: the same records copied as bytes, no JSON at all, offsets in each transaction. */
    private double rawBaseline(List<Workload.Event> bulk) throws Exception {
        createTopics("bench.baseline-raw.in", "bench.baseline-raw.out");
        BaselineCopy copy = new BaselineCopy(bootstrap, "bench.baseline-raw.in", "bench.baseline-raw.out", bulk.size(), true);
        Thread copier = new Thread(copy, "baseline-raw-copy");
        copier.start();
        log("baseline (raw bytes, no JSON): copying %,d events", bulk.size());
        long start = System.nanoTime();
        produce(bulk, e -> "bench.baseline-raw.in");
        copier.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("baseline_raw_seconds", round2(seconds));
        result.put("baseline_raw_eps", round(bulk.size() / seconds));
        return bulk.size() / seconds;
    }

    // ---- 2 pipeline -----------------------------------------------------------------------------------------

    private double pipeline(ServiceProcess service, long brokerPid, TopicsConfig topics, List<Workload.Event> bulk) throws Exception {
        log("pipeline: watchlist of %,d", Workload.WATCHED);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (WatchlistEntry entry : Workload.watchlist()) {
                producer.send(new ProducerRecord<>(topics.watchlist(), bytes(entry.personId()), Json.bytes(entry)));
            }
        }
        awaitDrained("watchlist", Duration.ofMinutes(5), "bench", topics);
        log("pipeline: %,d events", bulk.size());
        PhaseCpu cpu = PhaseCpu.start(Map.of("service", service.pid(), "broker", brokerPid, "bench", ProcessHandle.current().pid()));
        StreamsCommits commitsBefore = StreamsCommits.of(Http.get(service.httpPort(), "/prometheus").body(), System.nanoTime());
        long start = System.nanoTime();
        produce(bulk, e -> e.release() ? topics.releases() : topics.sanctions());
        awaitDrained("pipeline", Duration.ofMinutes(60), "bench", topics);
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("pipeline_seconds", round2(seconds));
        cpu.end("pipeline", bulk.size(), seconds, result);
        // what the stream thread wrote for the bulk, per input event and topic: the changelogs and the purge's tombstones
        result.put("streams_records_per_event_pipeline_phase", StreamsCommits.of(Http.get(service.httpPort(), "/prometheus").body(),
                System.nanoTime()).perEventSince(commitsBefore, bulk.size()));
        // what came out, read_committed (end offsets would count transaction markers too): the same inputs
        // must give the same alerts whatever the design inside
        Map<String, Long> byRule = new TreeMap<>();
        Map<String, Set<String>> ids = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : Topics.readCommitted(bootstrap, topics.alerts())) {
            Alert alert = Json.read(r.value(), Alert.class);
            byRule.merge(alert.rule().name(), 1L, Long::sum);
            // a LINKED_RELIEF thread's updates depend on how many releases reached the rules before its relief,
            // which the order-independent reference cannot know: its threads are compared by their first messages
            if (alert.rule() != org.releasewatch.model.AlertRule.LINKED_RELIEF || alert.first()) {
                ids.computeIfAbsent(alert.rule().name(), rule -> new TreeSet<>()).add(alert.id());
            }
        }
        bulkAlertIds = ids;
        result.put("alerts_after_bulk", byRule.values().stream().mapToLong(Long::longValue).sum());
        result.put("alerts_after_bulk_by_rule", byRule);
        return bulk.size() / seconds;
    }

    /**
     * The bulk's alert ids against those the contract promises for the bulk, from the independent
     * {@link ReferenceAlerts} (not a second run of the production topology, which would share its mistakes):
     * equal rule by rule and id by id, or which ids differ.
     */
    private void compareWithReference(List<Workload.Event> bulk) {
        log("reference: the alerts ReferenceModel gives for the bulk events, country by country (the watchlist's person by person)");
        Map<String, Set<String>> expected = ReferenceAlerts.idsByRule(bulk, Workload.watchlist());
        result.put("alerts_reference_by_rule", AlertIdComparison.counts(expected));
        AlertIdComparison comparison = AlertIdComparison.of(bulkAlertIds, expected);
        result.put("alerts_equal_reference", comparison.equal());
        if (comparison.equal()) {
            log("reference: the alerts after the bulk equal the reference's, id for id (%,d ids)",
                    expected.values().stream().mapToInt(Set::size).sum());
        } else {
            result.put("alerts_differing_from_reference", comparison.differences());
            log("reference: the alerts after the bulk differ from the reference's: %d only in the pipeline, %d only in the reference",
                    comparison.onlyInPipeline().size(), comparison.onlyInReference().size());
            comparison.onlyInPipeline().stream().limit(AlertIdComparison.SHOWN).forEach(id -> log("  only in the pipeline:  %s", id));
            comparison.onlyInReference().stream().limit(AlertIdComparison.SHOWN).forEach(id -> log("  only in the reference: %s", id));
        }
    }

    // ---- 3 latency ------------------------------------------------------------------------------------------

    private void latency(ServiceProcess service, Process broker, TopicsConfig topics, Webhooks webhooks) throws Exception {
        log("latency: %d events/s for %d s", rate, latencySeconds);
        Map<String, Long> producedAt = new ConcurrentHashMap<>();
        Map<String, Long> visibleAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        // where the time goes, hop by hop (--hops true): when each watched release was first readable on each topic
        Map<String, Map<String, Long>> hops = new LinkedHashMap<>();
        List<Thread> hopReaders = timeHops ? hopReaders(topics, reading, hops) : List.of();
        Thread reader = alertReader(topics.alerts(), reading, alert -> {
            if (alert.rule() == AlertRule.WATCHLIST_RELEASE) {
                long now = System.nanoTime();
                for (String eventId : alert.evidence().eventIds()) {
                    visibleAt.putIfAbsent(eventId, now);
                }
                webhooks.expect(alert.id(), now);
            }
        });
        Workload workload = new Workload(11, events);
        int watched = Workload.WATCHED_IN_BULK;
        long total = (long) rate * latencySeconds;
        long periodNanos = 1_000_000_000L / rate;
        Map<String, String> watchedEvents = new HashMap<>();
        long phaseStart;
        long bench = ProcessHandle.current().pid();
        Map<String, ThreadCpu> cpuBefore = Map.of("service", ThreadCpu.of(service.pid()), "broker", ThreadCpu.of(broker.pid()),
                "bench", ThreadCpu.of(bench));
        StreamsCommits commitsBefore = StreamsCommits.of(Http.get(service.httpPort(), "/prometheus").body(), System.nanoTime());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            long start = System.nanoTime();
            phaseStart = start;
            for (long i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean ofWatched = i % 10 == 0 && watched < Workload.WATCHED;
                Workload.Event e = workload.liveRelease(Instant.now(), ofWatched ? watched++ : -1);
                if (ofWatched) {
                    watchedEvents.put(e.eventId(), e.eventId());
                    producedAt.put(e.eventId(), System.nanoTime());
                }
                producer.send(new ProducerRecord<>(topics.releases(), bytes(e.eventId()), e.json()));
            }
        }
        // where the CPU went while the events came at the fixed rate: per process, per kind of thread (% of one core)
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("service", ThreadCpu.of(service.pid()).percentSince(cpuBefore.get("service")));
        cpu.put("broker", ThreadCpu.of(broker.pid()).percentSince(cpuBefore.get("broker")));
        cpu.put("bench", ThreadCpu.of(bench).percentSince(cpuBefore.get("bench")));
        result.put("cpu_pct_latency_phase", cpu);
        // what each streams commit waits for, and what the stream thread writes, while the events came at the fixed rate
        result.put("streams_commits_latency_phase", StreamsCommits.of(Http.get(service.httpPort(), "/prometheus").body(),
                System.nanoTime()).since(commitsBefore));
        awaitUntil("every watched release alerted", Duration.ofSeconds(120),
                () -> visibleAt.keySet().containsAll(watchedEvents.keySet()));
        awaitUntil("every alert at the webhook", Duration.ofSeconds(120), webhooks::allReceived);
        reading.set(false);
        reader.join();
        for (Thread t : hopReaders) {
            t.join();
        }

        Histogram alerts = new Histogram(3_600_000L, 3);
        // the same by when the event was produced, 10 s at a time: a tail at the start (the backfill's purge, the
        // JIT) and one spread over the phase (GC, commits) have different causes
        Map<Long, Histogram> bySlice = new TreeMap<>();
        long worst = 0;
        for (String id : watchedEvents.keySet()) {
            long ms = Math.max(0, TimeUnit.NANOSECONDS.toMillis(visibleAt.get(id) - producedAt.get(id)));
            alerts.recordValue(ms);
            worst = Math.max(worst, ms);
            long slice = TimeUnit.NANOSECONDS.toSeconds(producedAt.get(id) - phaseStart) / 10 * 10;
            bySlice.computeIfAbsent(slice, s -> new Histogram(3_600_000L, 3)).recordValue(ms);
        }
        Map<String, Object> p99BySlice = new LinkedHashMap<>();
        bySlice.forEach((slice, h) -> p99BySlice.put(slice + "s", h.getValueAtPercentile(99)));
        result.put("alert_latency_p99_ms_by_10s", p99BySlice);
        // the p50/p99 of each hop's arrival after the event was produced: the differences say which hop costs what
        Map<String, Object> byHop = new LinkedHashMap<>();
        hops.put("alert_committed", visibleAt);
        hops.forEach((hop, seen) -> {
            Histogram h = new Histogram(3_600_000L, 3);
            watchedEvents.keySet().stream().filter(seen::containsKey)
                    .forEach(id -> h.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMillis(seen.get(id) - producedAt.get(id)))));
            byHop.put(hop, Map.of("p50", h.getValueAtPercentile(50), "p99", h.getValueAtPercentile(99)));
        });
        if (timeHops) {
            result.put("alert_latency_by_hop_ms", byHop);
        }
        Histogram hooks = webhooks.latencies();
        result.put("latency_samples", alerts.getTotalCount());
        result.put("alert_latency_ms", Map.of("p50", alerts.getValueAtPercentile(50), "p95", alerts.getValueAtPercentile(95),
                "p99", alerts.getValueAtPercentile(99), "max", worst));
        result.put("webhook_latency_ms", Map.of("p50", hooks.getValueAtPercentile(50), "p95", hooks.getValueAtPercentile(95),
                "p99", hooks.getValueAtPercentile(99)));
    }

    /**
     * Readers of each hop of a watched release: the input, ingest's by-person copy (uncommitted, then committed)
     * and the alert written by the streams task (uncommitted); {@code hops} gets, per hop, when each event id was
     * first seen.
     */
    private List<Thread> hopReaders(TopicsConfig topics, AtomicBoolean reading, Map<String, Map<String, Long>> hops) {
        List<Thread> readers = new ArrayList<>();
        Map<String, Long> input = new ConcurrentHashMap<>();
        hops.put("input", input);
        readers.add(reader(topics.releases(), "read_uncommitted", reading,
                r -> input.putIfAbsent(new String(r.key(), StandardCharsets.UTF_8), System.nanoTime())));
        for (String level : List.of("read_uncommitted", "read_committed")) {
            Map<String, Long> seen = new ConcurrentHashMap<>();
            hops.put("ingest_" + level.replace("read_", ""), seen);
            readers.add(reader(topics.internalReleasesByPerson(), level, reading,
                    r -> seen.putIfAbsent(EventCodec.readRelease(r.value()).eventId(), System.nanoTime())));
        }
        Map<String, Long> alertUncommitted = new ConcurrentHashMap<>();
        hops.put("alert_uncommitted", alertUncommitted);
        readers.add(reader(topics.alerts(), "read_uncommitted", reading, r -> {
            Alert alert = Json.read(r.value(), Alert.class);
            if (alert.rule() == AlertRule.WATCHLIST_RELEASE) {
                alert.evidence().eventIds().forEach(id -> alertUncommitted.putIfAbsent(id, System.nanoTime()));
            }
        }));
        return readers;
    }

    private Thread alertReader(String topic, AtomicBoolean reading, java.util.function.Consumer<Alert> onAlert) throws Exception {
        return reader(topic, "read_committed", reading, r -> onAlert.accept(Json.read(r.value(), Alert.class)));
    }

    /** Reads {@code topic} from its end, at {@code isolation}, until {@code reading} is false. */
    private Thread reader(String topic, String isolation, AtomicBoolean reading,
                          java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        // the broker answers a waiting fetch as soon as records are readable: a short fetch.max.wait.ms would not
        // see them sooner, only load the shared CPU with empty fetches (it did: 7 readers at 10 ms took most of a core)
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before the first event is sent
        Thread t = new Thread(() -> {
            try (consumer) {
                while (reading.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        onRecord.accept(r);
                    }
                }
            }
        }, "reader-" + topic + "-" + isolation);
        t.start();
        return t;
    }

    /** The loopback webhook receiver: when each alert arrived, against when this process could first read it. */
    private static final class Webhooks {
        private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        private final Map<String, Long> expected = new ConcurrentHashMap<>();
        private HttpServer server;

        HttpServer start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/hook", exchange -> {
                long now = System.nanoTime();
                try (InputStream body = exchange.getRequestBody()) {
                    body.readAllBytes();
                }
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id != null) {
                    receivedAt.putIfAbsent(id, now);
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.start();
            return server;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void expect(String alertId, long visibleNanos) {
            expected.putIfAbsent(alertId, visibleNanos);
        }

        boolean allReceived() {
            return receivedAt.keySet().containsAll(expected.keySet());
        }

        /** Alert readable by a read_committed consumer → received here; 0 when the webhook came first. */
        Histogram latencies() {
            Histogram h = new Histogram(3_600_000L, 3);
            expected.forEach((id, visible) -> h.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMillis(receivedAt.get(id) - visible))));
            return h;
        }
    }

    // ---- 4 memory -------------------------------------------------------------------------------------------

    private void memory(ServiceProcess service, Process broker) {
        double serviceRss = ProcessStats.peakRssMb(service.pid());
        double brokerRss = ProcessStats.peakRssMb(broker.pid());
        result.put("rss_mb", round(serviceRss));
        result.put("rss_mb_with_broker", round(serviceRss + brokerRss));
        result.put("broker_rss_mb", round(brokerRss));
        result.put("heap_mb", round(heapUsedMb(service.httpPort())));
        budget(service.httpPort());
        result.put("state_store_mb", round(ProcessStats.sizeOf(out.resolve("bench/data/streams")) / 1048576.0));
    }

    /**
     * The parts of the service's memory outside the heap that the JVM accounts for (metaspace, code cache,
     * direct buffers) and the live threads, from its /prometheus, for the budget in docs/benchmark.md.
     */
    private void budget(int port) {
        String body = Http.get(port, "/prometheus").body();
        Map<String, Long> nonHeap = new TreeMap<>();
        body.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"nonheap\""))
                .forEach(l -> {
                    int at = l.indexOf("id=\"") + 4;
                    String pool = l.substring(at, l.indexOf('"', at));
                    nonHeap.merge(pool, Math.round(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) / 1048576.0), Long::sum);
                });
        result.put("nonheap_mb_by_pool", nonHeap);
        body.lines().filter(l -> l.startsWith("jvm_buffer_memory_used_bytes{") && l.contains("id=\"direct\""))
                .findFirst().ifPresent(l -> result.put("direct_buffers_mb",
                        round(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) / 1048576.0)));
        body.lines().filter(l -> l.startsWith("jvm_threads_live_threads")).findFirst()
                .ifPresent(l -> result.put("threads", round(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))));
    }

    /** Heap in use now, from the service's own /prometheus (sum over the heap pools). */
    private static double heapUsedMb(int port) {
        String body = Http.get(port, "/prometheus").body();
        return body.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / 1048576.0;
    }

    // ---- 5 replay -------------------------------------------------------------------------------------------

    private void replay(double baseline, double raw) throws Exception {
        TopicsConfig original = topics("releasewatch", "bench");
        long inputs = endOffsets(original.releases()) + endOffsets(original.sanctions());
        TopicsConfig topics = topics("bench.replay", "bench-replay");
        topics = new TopicsConfig(original.releases(), original.sanctions(), original.watchlist(), topics.alerts(),
                topics.dlq(), topics.webhookDlq(), topics.internalEvents(), topics.internalWatchlist(), true, PARTITIONS, (short) 1);
        log("replay: %,d inputs with a new application id", inputs);
        long start = System.nanoTime();
        // no webhook subscription: the replay measures reprocessing, not retries against a receiver that is not there
        ServiceProcess replay = startService(topics, "bench-replay", null, profiled);
        try {
            awaitDrained("replay", Duration.ofMinutes(60), "bench-replay", topics);
        } finally {
            replay.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("replay_seconds", round2(seconds));
        result.put("replay_inputs", inputs);
        result.put("replay_ratio", round2(inputs / seconds / baseline));
        result.put("replay_ratio_to_raw", round2(inputs / seconds / raw));
    }

    // ---- 6 profile and JMH ----------------------------------------------------------------------------------

    private void profile() throws IOException {
        Path jfr = out.resolve("service.jfr");
        if (!Files.exists(jfr)) {
            result.put("profile", "no JFR recording written");
            return;
        }
        result.put("profile_areas_pct", JfrSummary.areas(jfr));
        result.put("profile_top_methods_pct", JfrSummary.topMethods(jfr, 12));
        result.put("profile_steps_pct", JfrSummary.steps(jfr));
    }

    private void jmh() throws Exception {
        log("JMH: hot path");
        Collection<RunResult> runs = new Runner(new OptionsBuilder()
                .include(HotPathBenchmark.class.getName())
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .jvmArgs("-Xmx512m").build()).run();
        RunResult run = runs.iterator().next();
        result.put("jmh_hot_path_ops_per_s", round(run.getPrimaryResult().getScore()));
        result.put("jmh_hot_path_error", round(run.getPrimaryResult().getScoreError()));
    }

    private void machine() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_mb", Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        result.put("machine", m);
        result.put("versions", Map.of("java", System.getProperty("java.runtime.version"), "kafka", kafkaVersion()));
        result.put("service_jvm_flags", String.join(" ", serviceJvm));
        result.put("service_env", "MALLOC_ARENA_MAX=2 (as in the image)");
        result.put("broker_jvm_flags", String.join(" ", brokerJvm));
        result.put("broker_env", "MALLOC_ARENA_MAX=2");
        result.put("service_stream_threads", streamThreads > 0 ? streamThreads : "default");
        result.put("service_commit_interval", commitInterval != null ? commitInterval : "default");
        result.put("bench_jvm_flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        result.put("date", Instant.now().toString());
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    private List<Workload.Event> generate() {
        Workload workload = new Workload(42, events);
        List<Workload.Event> out = new ArrayList<>((int) events);
        for (long i = 0; i < events; i++) {
            out.add(workload.next());
        }
        return out;
    }

    private Process startBroker(int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(brokerJvm);
        command.addAll(List.of("-jar", ServiceProcess.jar().toString(), "broker"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(out.resolve("broker.log").toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as the service's: the image sets it for every process
        pb.environment().put("RELEASEWATCH_BROKER_PORT", String.valueOf(port));
        pb.environment().put("RELEASEWATCH_DATA_DIR", out.resolve("broker").toString());
        return pb.start();
    }

    /** The packaged service on the bench broker; {@code webhookUrl} null for no webhook subscription. */
    private ServiceProcess startService(TopicsConfig topics, String app, String webhookUrl, boolean record) {
        Path dir = out.resolve(app);
        List<String> jvm = new ArrayList<>(serviceJvm);
        if (record) {
            jvm.add("-XX:StartFlightRecording=filename=" + out.resolve("service.jfr").toAbsolutePath() + ",settings=default,dumponexit=true");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ServiceYaml.Webhooks webhooks = webhookUrl == null
                ? new ServiceYaml.Webhooks(SECRET, List.of(), "5s", "1h", 8) : ServiceYaml.Webhooks.fast(SECRET, webhookUrl);
        Path config = ServiceYaml.write(bootstrap, dir.resolve("application-bench.yml"), topics, app, app + "-1",
                dir.resolve("data"), webhooks,
                streamThreads > 0 || commitInterval != null
                        ? "  streams:\n" + (streamThreads > 0 ? "    threads: " + streamThreads + "\n" : "")
                                + (commitInterval != null ? "    commit-interval: " + commitInterval + "\n" : "")
                        : "");
        ServiceProcess service = new ServiceProcess(config, dir.resolve("service.log"), EmbeddedKafkaBroker.freePort())
                .jvmOptions(jvm).start();
        service.awaitHealthy(Duration.ofSeconds(180));
        return service;
    }

    private static TopicsConfig topics(String prefix, String app) {
        return new TopicsConfig(prefix + ".releases.v1", prefix + ".sanctions.v1", prefix + ".watchlist.v1",
                prefix + ".alerts.v1", prefix + ".dlq.v1", prefix + ".webhook-dlq.v1",
                prefix + ".internal.events-by-country.v1", prefix + ".internal.watchlist.v1", true, PARTITIONS, (short) 1);
    }

    private void produce(List<Workload.Event> bulk, java.util.function.Function<Workload.Event, String> topic) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Workload.Event e : bulk) {
                producer.send(new ProducerRecord<>(topic.apply(e), bytes(e.key()), e.json()));
            }
        }
    }

    /**
     * The bench's own input producer: not idempotent. An idempotent producer whose first batch to a topic created a
     * moment before met NOT_LEADER_OR_FOLLOWER retried OUT_OF_ORDER_SEQUENCE_NUMBER for ever (seen on Kafka 4.4 with
     * the embedded broker, leaders already reported); a refused batch was not written, so a plain retry adds no copy.
     */
    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> settings = producerSettings(bootstrap);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Creates the topics and waits until every partition has a leader: an idempotent producer whose first batch
     * met NOT_LEADER_OR_FOLLOWER on a topic created a moment before retried OUT_OF_ORDER_SEQUENCE_NUMBER for minutes.
     */
    private void createTopics(String... names) throws Exception {
        admin.createTopics(java.util.Arrays.stream(names).map(n -> new NewTopic(n, PARTITIONS, (short) 1)).toList()).all().get();
        awaitUntil("leaders of " + String.join(", ", names), Duration.ofSeconds(60), () -> {
            try {
                return admin.describeTopics(List.of(names)).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                        .allMatch(t -> t.partitions().size() == PARTITIONS
                                && t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Every consumer group of application {@code app} has committed the end of every topic it reads: the
     * ingest groups their input topics, the Kafka Streams group the internal topics and its repartition topic.
     */
    private void awaitDrained(String what, Duration timeout, String app, TopicsConfig topics) {
        Map<String, List<String>> groups = Map.of(
                app + "-ingest-releases", List.of(topics.releases()),
                app + "-ingest-sanctions", List.of(topics.sanctions()),
                app + "-ingest-watchlist", List.of(topics.watchlist()),
                app, List.of(topics.internalEvents(), topics.internalWatchlist(), topics.internalReleasesByPerson()));
        long[] lastReport = {System.nanoTime()};
        awaitUntil(what + " drained", timeout, () -> {
            Map<String, Long> lags = new LinkedHashMap<>();
            groups.forEach((group, read) -> lags.put(group, lag(group, read)));
            if (System.nanoTime() - lastReport[0] > TimeUnit.SECONDS.toNanos(10)) {
                lastReport[0] = System.nanoTime();
                log("%s: records not yet committed per group %s", what, lags);
            }
            return lags.values().stream().allMatch(l -> l == 0);
        });
    }

    /** Records of {@code topicNames} that {@code group} has not committed yet; -1 when it cannot be told. */
    private long lag(String group, List<String> topicNames) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long behind = 0;
            for (String topic : topicNames) {
                for (int p = 0; p < PARTITIONS; p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS).offset();
                    OffsetAndMetadata done = committed.get(tp);
                    behind += end - (done == null ? 0 : done.offset());
                }
            }
            return behind;
        } catch (Exception e) {
            return -1;
        }
    }

    private long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    }

    private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark gave up waiting: " + what + " (after " + timeout + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void printTable() {
        StringBuilder t = new StringBuilder();
        t.append(String.format("%n%-34s %s%n", "figure", "value"));
        t.append("-".repeat(60)).append('\n');
        result.forEach((k, v) -> {
            if (!k.startsWith("profile")) {
                t.append(String.format("%-34s %s%n", k, v));
            }
        });
        t.append("\nwhere the service's CPU went (JFR execution samples, % by area):\n");
        Object areas = result.get("profile_areas_pct");
        if (areas instanceof Map<?, ?> m) {
            m.forEach((k, v) -> t.append(String.format("  %5.1f%%  %s%n", ((Number) v).doubleValue(), k)));
        }
        t.append("\nwhere the service's CPU went (JFR execution samples, % by step of the flow, inclusive):\n");
        Object steps = result.get("profile_steps_pct");
        if (steps instanceof Map<?, ?> m) {
            m.forEach((k, v) -> t.append(String.format("  %5.1f%%  %s%n", ((Number) v).doubleValue(), k)));
        }
        t.append("\ntop methods (self samples, %):\n");
        Object top = result.get("profile_top_methods_pct");
        if (top instanceof Map<?, ?> m) {
            m.forEach((k, v) -> t.append(String.format("  %5.1f%%  %s%n", ((Number) v).doubleValue(), k)));
        }
        t.append("\nwritten: ").append(out.resolve("result.json")).append('\n');
        System.out.print(t);
    }

    private static String kafkaVersion() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p.getProperty("version", "unknown");
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double round(double v) {
        return Math.round(v);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
