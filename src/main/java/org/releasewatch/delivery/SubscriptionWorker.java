package org.releasewatch.delivery;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.releasewatch.delivery.channels.ChannelFormat;
import org.releasewatch.delivery.channels.ChannelSenders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads one subscription's alerts: its own consumer group on the alerts topic ({@code read_committed}) and its own
 * thread, so a slow or dead receiver holds back nobody else. Each wanted alert goes to the subscription's sender —
 * {@link StandardSender} for signed webhooks, {@link ChatBatcher} for chat and email — which never blocks this loop;
 * how each ends is {@link DeliveryOutcomes}'. Offsets are committed only up to the lowest alert not yet delivered or
 * dead-lettered ({@link PendingOffsets}); after a crash those are read and delivered again — at least once. When too
 * many alerts are in flight the consumer pauses. It survives any record (see {@link #accept}) and restarts its own
 * reading loop, with back-off, whatever ends it (see {@link #run}); {@link #status()} shows its state on
 * {@code /api/webhooks} and {@code /health}.
 */
final class SubscriptionWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionWorker.class);
    static final int MAX_IN_FLIGHT = 1000;
    /** Requests in flight to the receiver at once, and so connections kept open to it. */
    static final int HTTP_THREADS = 4;
    private static final Duration COMMIT_EVERY = Duration.ofMillis(200);

    private final Subscription subscription;
    private final Map<String, Object> consumerProps;
    private KafkaConsumer<String, byte[]> consumer;
    private final String alertsTopic;
    private final ExecutorService httpExecutor;
    private final TargetHttp http;
    private final PendingOffsets pending = new PendingOffsets();
    private final SubscriptionContext context;
    private final AlertAdmission admission;
    private final DeliveryOutcomes outcomes;
    private final StandardSender standard;
    private final ChatBatcher chat;
    private volatile boolean running = true;
    private final RestartingLoop loop;
    private final AtomicLong unreadable = new AtomicLong();
    private volatile Consumer<ConsumerRecord<String, byte[]>> beforeRecord = r -> { };

    /** @param senders the chat and email senders (shared, one pacer); needed only by a non-standard subscription */
    SubscriptionWorker(Subscription subscription, WebhookSettings settings, Map<String, Object> consumerProps,
                       String alertsTopic, String webhookDlqTopic, Producer<String, byte[]> dlqProducer,
                       ScheduledExecutorService timer, WebhookMetrics metrics, ChannelSenders senders, SubscriptionContext context) {
        this(subscription, settings, consumerProps, alertsTopic, webhookDlqTopic, dlqProducer, timer, metrics, senders,
                context, new TargetHttp(settings.targets(), settings.timeout(), HTTP_THREADS));
    }

    /** @param http the client standard webhooks are sent with (its own pool: one per subscription) */
    SubscriptionWorker(Subscription subscription, WebhookSettings settings, Map<String, Object> consumerProps,
                       String alertsTopic, String webhookDlqTopic, Producer<String, byte[]> dlqProducer,
                       ScheduledExecutorService timer, WebhookMetrics metrics, ChannelSenders senders, SubscriptionContext context,
                       TargetHttp http) {
        if (subscription.format() != ChannelFormat.STANDARD && senders == null) {
            throw new IllegalArgumentException(subscription + " needs the channel senders");
        }
        this.subscription = subscription;
        this.context = context;
        this.loop = new RestartingLoop("Webhook " + subscription, text -> subscription.url() == null ? text
                : text.replace(subscription.url().toString(), subscription.redactedUrl()), () -> metrics.restarted(subscription));
        this.alertsTopic = alertsTopic;
        this.http = http;
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumerProps = consumerProps;
        this.httpExecutor = Executors.newFixedThreadPool(HTTP_THREADS, r -> {
            Thread t = new Thread(r, "webhook-" + subscription.id() + "-http");
            t.setDaemon(true);
            return t;
        });
        this.admission = new AlertAdmission(subscription, context, metrics);
        this.outcomes = new DeliveryOutcomes(subscription, settings, context, metrics, pending, webhookDlqTopic,
                dlqProducer, timer, () -> running);
        this.standard = new StandardSender(subscription, settings, http, httpExecutor, metrics, outcomes);
        this.chat = subscription.format() == ChannelFormat.STANDARD ? null
                : new ChatBatcher(subscription, settings, senders, timer, httpExecutor, metrics, outcomes, MAX_IN_FLIGHT);
    }

    Subscription subscription() {
        return subscription;
    }

    /**
     * For the dashboard, {@code /api/webhooks} and {@code /health}: {@code state} (starting, running, restarting,
     * stopped), {@code restarts} and the {@code lastError} that caused the last one, and the delivery counts.
     */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", subscription.id());
        status.put("index", subscription.index());
        status.put("url", subscription.redactedUrl());
        loop.putStatus(status);
        outcomes.putCounts(status);
        status.put("unreadable", unreadable.get());
        status.put("inFlight", pending.inFlight());
        status.put("pending", pending.inFlight());
        outcomes.putState(status);
        return status;
    }

    /** Called with each record before it is handled (a test seam: a hook that throws kills the reading loop). */
    void beforeRecord(Consumer<ConsumerRecord<String, byte[]>> hook) {
        this.beforeRecord = hook;
    }

    /** Reads and delivers until stopped; whatever ends the reading loop, it starts again with a new consumer. */
    @Override
    public void run() {
        loop.run(this::readUntilStopped, () -> running);
    }

    private void readUntilStopped() {
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        pending.forgetAll();
        if (chat != null) {
            chat.forgetAll(); // all read again from the committed offsets
        }
        if (!running) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.subscribe(Set.of(alertsTopic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit();
                pending.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                startWhereCreated(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                pending.forget(partitions);
            }
        });
        long lastCommit = System.nanoTime();
        try {
            while (running) {
                if (pending.inFlight() >= MAX_IN_FLIGHT) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    beforeRecord.accept(record);
                    accept(record);
                }
                loop.reading();
                if (System.nanoTime() - lastCommit > COMMIT_EVERY.toNanos()) {
                    commit();
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            try {
                // dead letters on their way count as done once written: commit them, or a replacement worker
                // (this subscription changed) would dead-letter them again
                outcomes.flushDeadLetters();
                commit();
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * A subscription created over the API gets the alerts appended after its creation: a partition its consumer group
     * has no offset for yet starts at the alerts topic's end offset of that moment (a partition added since, at its
     * beginning).
     */
    private void startWhereCreated(Collection<TopicPartition> partitions) {
        Map<Integer, Long> start = context.startOffsets();
        if (start == null || partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(10));
        for (TopicPartition tp : partitions) {
            if (committed.get(tp) == null) {
                consumer.seek(tp, start.getOrDefault(tp.partition(), 0L));
            }
        }
    }

    /**
     * One record: never throws. Anything that is not a JSON object with an {@code id} cannot be delivered (no
     * {@code webhook-id}) and goes to the webhook DLQ with the reason; everything else is filtered on its
     * {@code rule}, {@code severity} and {@code country} as text — a rule or value this version does not know (a
     * newer instance's, during a rolling upgrade) is still delivered, as the exact bytes read from the topic.
     */
    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        AlertFields alert;
        try {
            alert = AlertFields.of(record.value());
        } catch (RuntimeException e) {
            unreadable.incrementAndGet();
            pending.read(tp, record.offset(), true);
            String reason = "unreadable alert at " + tp + " offset " + record.offset() + ": " + e.getMessage();
            outcomes.deadLetter(new ReadAlert(AlertFields.unreadable(record.key()), record.value(), tp, record.offset(), null),
                    0, reason);
            return;
        }
        boolean wanted = admission.admits(alert, record.value());
        pending.read(tp, record.offset(), wanted);
        if (wanted) {
            route(new ReadAlert(alert, record.value(), tp, record.offset(), null));
        }
    }

    private void route(ReadAlert d) {
        Optional<String> disabled = outcomes.disabled();
        if (disabled.isPresent()) {
            outcomes.deadLetter(d, 0, "subscription disabled: " + disabled.get());
        } else if (chat == null) {
            standard.attempt(d, 1);
        } else {
            chat.offer(d);
        }
    }

    /**
     * A record read again by a replay: delivered like a new one (same {@code webhook-id}), but outside the offsets
     * this worker commits. {@code false} when the subscription does not want it (nothing to wait for).
     */
    boolean replay(ConsumerRecord<String, byte[]> record, Replay replay) {
        Optional<ReadAlert> wanted = admission.replayed(record, replay);
        wanted.ifPresent(this::route);
        return wanted.isPresent();
    }

    boolean running() {
        return running;
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.toCommit();
        offsets.keySet().removeIf(tp -> !consumer.assignment().contains(tp));
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
            pending.committed(offsets);
        } catch (RuntimeException e) {
            LOG.debug("Webhook {}: offset commit failed ({}); will retry", subscription, e.toString());
        }
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    void closeHttp() {
        httpExecutor.shutdownNow();
        http.close();
    }
}
