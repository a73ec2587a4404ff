package org.releasewatch.delivery;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.releasewatch.delivery.channels.Batch;
import org.releasewatch.delivery.channels.ChannelFormat;
import org.releasewatch.delivery.channels.ChannelSenders;
import org.releasewatch.delivery.channels.ChannelTarget;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.releasewatch.delivery.channels.RetryHint;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers one subscription's alerts: its own consumer group on the alerts topic
 * ({@code read_committed}), its own thread and HTTP client, so a slow or dead receiver holds back
 * nobody else. Each alert is POSTed asynchronously; failures are rescheduled with back-off on a timer,
 * so a backlog of retries never blocks later alerts. Offsets are committed only up to the lowest
 * alert not yet delivered or dead-lettered ({@link PendingOffsets}); after a crash those are read
 * and delivered again — at least once. When too many alerts are in flight the consumer pauses.
 * It survives any record (see {@link #accept}) and restarts its own reading loop, with back-off, whatever ends it
 * (see {@link #run}); {@link #status()} shows its state on {@code /api/webhooks} and {@code /health}.
 */
final class SubscriptionWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionWorker.class);
    static final int MAX_IN_FLIGHT = 1000;
    /** Requests in flight to the receiver at once, and so connections kept open to it. */
    static final int HTTP_THREADS = 4;
    private static final Duration COMMIT_EVERY = Duration.ofMillis(200);

    private final Subscription subscription;
    private final WebhookSettings settings;
    private final Map<String, Object> consumerProps;
    private KafkaConsumer<String, byte[]> consumer;
    private final String alertsTopic;
    private final String webhookDlqTopic;
    private final Producer<String, byte[]> dlqProducer;
    private final ScheduledExecutorService timer;
    private final ExecutorService httpExecutor;
    private final TargetHttp http;
    private final WebhookMetrics metrics;
    private final PendingOffsets pending = new PendingOffsets();
    private final ChannelSenders senders;
    /** Chat and email: the alerts waiting for their message, and the records each stands for (by alert id). */
    private final Object channelLock = new Object();
    private final Batch batch;
    private final Map<String, List<Delivery>> waiting = new HashMap<>();
    private final java.util.ArrayDeque<Alert> backlog = new java.util.ArrayDeque<>();
    private boolean sending;
    private Instant flushAt;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicInteger waitingForRetry = new AtomicInteger();
    private volatile boolean running = true;
    private volatile String state = "starting";
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile java.util.function.Consumer<ConsumerRecord<String, byte[]>> beforeRecord = r -> { };
    private final Context context;
    /** Set when the subscription is disabled: every alert it wants goes to the webhook DLQ with this reason. */
    private volatile String disabledReason;
    /** While the receiver fails, one request at a time (see {@link #enter}). */
    private final Object gateLock = new Object();
    private boolean failing;
    private int requestsInFlight;
    private final java.util.ArrayDeque<Runnable> parked = new java.util.ArrayDeque<>();
    static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);

    SubscriptionWorker(Subscription subscription, WebhookSettings settings, Map<String, Object> consumerProps,
                       String alertsTopic, String webhookDlqTopic, Producer<String, byte[]> dlqProducer,
                       ScheduledExecutorService timer, WebhookMetrics metrics) {
        this(subscription, settings, consumerProps, alertsTopic, webhookDlqTopic, dlqProducer, timer, metrics, null);
    }

    SubscriptionWorker(Subscription subscription, WebhookSettings settings, Map<String, Object> consumerProps,
                       String alertsTopic, String webhookDlqTopic, Producer<String, byte[]> dlqProducer,
                       ScheduledExecutorService timer, WebhookMetrics metrics, ChannelSenders senders) {
        this(subscription, settings, consumerProps, alertsTopic, webhookDlqTopic, dlqProducer, timer, metrics, senders,
                Context.standalone());
    }

    /**
     * What a worker gets from the subscription it serves beyond its settings: the {@link DeliveryHold} asked before
     * each alert, the {@link AttemptsLog} it writes, where a new consumer group starts ({@code startOffsets} by
     * partition, null: the beginning), whether it is disabled (null: active), and how it asks for its own disabling.
     */
    record Context(DeliveryHold hold, AttemptsLog log, Map<Integer, Long> startOffsets, String disabledReason,
                   java.util.function.Consumer<String> disable) {
        static Context standalone() {
            return new Context(new NoDeliveryHold(), new AttemptsLog(), null, null, reason -> { });
        }
    }

    /** @param senders the chat and email senders (shared, one pacer); needed only by a non-standard subscription */
    SubscriptionWorker(Subscription subscription, WebhookSettings settings, Map<String, Object> consumerProps,
                       String alertsTopic, String webhookDlqTopic, Producer<String, byte[]> dlqProducer,
                       ScheduledExecutorService timer, WebhookMetrics metrics, ChannelSenders senders, Context context) {
        this(subscription, settings, consumerProps, alertsTopic, webhookDlqTopic, dlqProducer, timer, metrics, senders,
                context, new TargetHttp(settings.targets(), settings.timeout(), HTTP_THREADS));
    }

    /** @param http the client standard webhooks are sent with (its own pool: one per subscription) */
    SubscriptionWorker(Subscription subscription, WebhookSettings settings, Map<String, Object> consumerProps,
                       String alertsTopic, String webhookDlqTopic, Producer<String, byte[]> dlqProducer,
                       ScheduledExecutorService timer, WebhookMetrics metrics, ChannelSenders senders, Context context,
                       TargetHttp http) {
        this.context = context;
        this.disabledReason = context.disabledReason();
        if (subscription.format() != ChannelFormat.STANDARD && senders == null) {
            throw new IllegalArgumentException(subscription + " needs the channel senders");
        }
        this.senders = senders;
        this.batch = new Batch(subscription.channel().batchWindow(), MAX_IN_FLIGHT);
        this.subscription = subscription;
        this.settings = settings;
        this.alertsTopic = alertsTopic;
        this.webhookDlqTopic = webhookDlqTopic;
        this.dlqProducer = dlqProducer;
        this.timer = timer;
        this.metrics = metrics;
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
        this.http = http;
    }

    Subscription subscription() {
        return subscription;
    }

    /**
     * For the dashboard, {@code /api/webhooks} and {@code /health}: {@code state} (starting, running, restarting,
     * stopped), {@code restarts} and the {@code lastError} that caused the last one, and the delivery counts.
     */
    Map<String, Object> status() {
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("id", subscription.id());
        status.put("index", subscription.index());
        status.put("url", subscription.redactedUrl());
        status.put("state", state);
        status.put("restarts", restarts.get());
        status.put("lastError", lastError);
        status.put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
        status.put("delivered", delivered.get());
        status.put("retrying", waitingForRetry.get());
        status.put("deadLettered", deadLettered.get());
        status.put("unreadable", unreadable.get());
        status.put("inFlight", pending.inFlight());
        status.put("pending", pending.inFlight());
        status.put("subscriptionState", disabledReason == null ? SubscriptionRecord.ACTIVE : SubscriptionRecord.DISABLED);
        status.put("disabledReason", disabledReason);
        Map<String, Object> figures = context.log().figures(); // lastError above is the reading loop's own
        status.put("lastSuccessAt", figures.get("lastSuccessAt"));
        status.put("lastDeliveryError", figures.get("lastError"));
        status.put("lastDeliveryErrorAt", figures.get("lastErrorAt"));
        status.put("failingSince", figures.get("failingSince"));
        return status;
    }

    /** Called with each record before it is handled (a test seam: a hook that throws kills the reading loop). */
    void beforeRecord(java.util.function.Consumer<ConsumerRecord<String, byte[]>> hook) {
        this.beforeRecord = hook;
    }

    /**
     * Reads and delivers until stopped. Whatever ends the reading loop — a poll that fails, an Error, a bug — is
     * logged at ERROR with its cause and the loop is started again with a new consumer after a back-off (1 s
     * doubling to 1 min); its offsets were committed only up to what was delivered, so nothing is lost.
     */
    @Override
    public void run() {
        Duration delay = FIRST_RESTART_DELAY;
        while (running) {
            long started = System.nanoTime();
            try {
                readUntilStopped();
            } catch (Throwable e) { // NOPMD: nothing may end this thread but stop()
                if (!running) {
                    break;
                }
                lastError = describeFailure(e);
                lastErrorAt = Instant.now();
                state = "restarting";
                restarts.incrementAndGet();
                metrics.restarted(subscription);
                if (System.nanoTime() - started > MAX_RESTART_DELAY.toNanos() * 5) {
                    delay = FIRST_RESTART_DELAY; // it ran well for a while: start the back-off over
                }
                LOG.error("Webhook {} stopped reading alerts; restarting it in {} ms", subscription, delay.toMillis(), e);
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay.multipliedBy(2);
            }
        }
        state = "stopped";
    }

    /** The exception and its innermost cause, for {@code /health} and {@code /api/webhooks} (the URL redacted). */
    private String describeFailure(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.toString() + (root != e ? " (cause: " + root + ")" : "");
        text = subscription.url() == null ? text : text.replace(subscription.url().toString(), subscription.redactedUrl());
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private void sleep(Duration delay) {
        long until = System.nanoTime() + delay.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void readUntilStopped() {
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        pending.forgetAll();
        synchronized (channelLock) { // all read again from the committed offsets
            batch.takeDue(Instant.MAX);
            backlog.clear();
            waiting.clear();
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
                state = "running";
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
                dlqProducer.flush();
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
        AlertView alert;
        try {
            alert = AlertView.of(record.value());
        } catch (RuntimeException e) {
            unreadable.incrementAndGet();
            pending.read(tp, record.offset(), true);
            String reason = "unreadable alert at " + tp + " offset " + record.offset() + ": " + e.getMessage();
            deadLetter(new Delivery(AlertView.unreadable(record.key()), record.value(), tp, record.offset(), null), 0, reason);
            return;
        }
        boolean wanted = subscription.wants(alert.rule(), alert.severity(), alert.country());
        if (wanted && held(alert, record.value(), false)) {
            wanted = false; // acknowledged: a held alert is never sent later
        }
        pending.read(tp, record.offset(), wanted);
        if (wanted) {
            route(new Delivery(alert, record.value(), tp, record.offset(), null));
        }
    }

    private void route(Delivery d) {
        String disabled = disabledReason;
        if (disabled != null) {
            deadLetter(d, 0, "subscription disabled: " + disabled);
        } else if (subscription.format() == ChannelFormat.STANDARD) {
            attempt(d, 1);
        } else {
            offerToChannel(d);
        }
    }

    /** Asks the {@link DeliveryHold}; a held alert is logged as {@code silenced} with the hold's id, and counted. */
    private boolean held(AlertView alert, byte[] value, boolean replay) {
        Optional<String> by;
        try {
            by = context.hold().heldBy(alert.id(), value);
        } catch (RuntimeException e) {
            LOG.error("Webhook {}: the delivery hold failed for alert {}; delivering it", subscription, alert.id(), e);
            return false;
        }
        if (by == null || by.isEmpty()) {
            return false;
        }
        context.log().record(new AttemptsLog.Attempt(alert.id(), Instant.now(), AttemptsLog.SILENCED, null, null, null,
                by.get(), replay));
        metrics.silenced(subscription);
        return true;
    }

    /**
     * A record read again by a replay: delivered like a new one (same {@code webhook-id}), but outside the offsets
     * this worker commits. {@code false} when the subscription does not want it (nothing to wait for).
     */
    boolean replay(ConsumerRecord<String, byte[]> record, Replay replay) {
        AlertView alert;
        try {
            alert = AlertView.of(record.value());
        } catch (RuntimeException e) {
            return false;
        }
        if (!subscription.wants(alert.rule(), alert.severity(), alert.country())
                || (replay.since() != null && alert.emittedAt() != null && alert.emittedAt().isBefore(replay.since()))
                || held(alert, record.value(), true)) {
            return false;
        }
        route(new Delivery(alert, record.value(), new TopicPartition(record.topic(), record.partition()), record.offset(),
                replay));
        return true;
    }

    boolean running() {
        return running;
    }

    /** A record is finished with (delivered or dead-lettered). */
    private void finished(Delivery d) {
        if (d.replay() != null) {
            d.replay().done();
        } else {
            pending.done(d.tp(), d.offset());
        }
    }

    // ---- chat and email formats: one message at a time, holding one alert or a batch ----

    /**
     * Reads the alert as this version's model (a renderer needs its fields) and puts it in the open batch. An alert
     * this version cannot read as such (a newer instance's rule, during a rolling upgrade) cannot be rendered: it is
     * dead-lettered with the reason rather than held back.
     */
    private void offerToChannel(Delivery d) {
        Alert alert;
        try {
            alert = Json.read(d.body(), Alert.class);
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            deadLetter(d, 0, "cannot be rendered as " + subscription.format().wire() + ": "
                    + (why.length() > 200 ? why.substring(0, 200) + "…" : why));
            return;
        }
        synchronized (channelLock) {
            waiting.computeIfAbsent(alert.id(), id -> new ArrayList<>()).add(d);
            batch.offer(alert, Instant.now());
        }
        scheduleFlush();
    }

    /** Sends the batch when its window closes, unless a message is on its way (its end schedules the next). */
    private void scheduleFlush() {
        synchronized (channelLock) {
            if (sending || !running) {
                return;
            }
            Optional<Instant> due = backlog.isEmpty() ? batch.dueAt() : Optional.of(Instant.MIN);
            if (due.isEmpty() || (flushAt != null && !flushAt.isAfter(due.get()))) {
                return;
            }
            Instant now = Instant.now();
            Instant at = due.get().isBefore(now) ? now : due.get();
            flushAt = at;
            timer.schedule(this::flush, Duration.between(now, at).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        List<Alert> due;
        synchronized (channelLock) {
            flushAt = null;
            if (sending || !running) {
                return;
            }
            if (!backlog.isEmpty()) {
                due = List.of(backlog.poll());
            } else if (subscription.channel().batchWindow().isZero()) {
                // no batching: one message per alert, in the batch's order
                backlog.addAll(batch.takeDue(Instant.now()));
                due = backlog.isEmpty() ? List.of() : List.of(backlog.poll());
            } else {
                due = batch.takeDue(Instant.now());
            }
            if (due.isEmpty()) {
                scheduleFlush();
                return;
            }
            sending = true;
        }
        send(due, 1);
    }

    /** Ends one message's delivery (all its alerts acknowledged or dead-lettered) and lets the next one go. */
    private void sent() {
        synchronized (channelLock) {
            sending = false;
        }
        scheduleFlush();
    }

    private void send(List<Alert> due, int attempt) {
        if (!running) {
            return; // not committed: delivered after restart
        }
        String disabled = disabledReason;
        if (disabled != null) {
            deadLetterAll(due, attempt - 1, "subscription disabled: " + disabled);
            sent();
            return;
        }
        ChannelTarget channel = subscription.channel();
        Optional<String> refused = channel.format().chat() ? senders.refusal(channel.url()) : Optional.empty();
        if (refused.isPresent()) {
            deadLetterAll(due, attempt, refused.get());
            sent();
            return;
        }
        CompletableFuture<org.releasewatch.delivery.channels.Delivery> outcome;
        try {
            outcome = senders.sender(channel.format()).sendAsync(due, channel, httpExecutor);
        } catch (RuntimeException e) { // a renderer bug or a full executor: retried like a failed attempt
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((delivery, error) -> {
            try {
                if (error != null) {
                    unsendable(due, attempt, error);
                } else {
                    handle(due, attempt, delivery);
                }
            } catch (RuntimeException e) {
                LOG.error("Webhook {}: handling the outcome of a message failed; retrying it", subscription, e);
                retryLater(due, attempt, Optional.empty(), e.toString());
            }
        });
    }

    /**
     * The sender threw (it answers every failure of the service with a {@link
     * org.releasewatch.delivery.channels.Delivery}, so this is an alert it cannot render, or shutdown): retrying
     * the same alert would throw again and hold back everything after it. A batch is sent again one alert per
     * message, so only the alert that cannot be rendered is dead-lettered.
     */
    private void unsendable(List<Alert> due, int attempt, Throwable error) {
        if (!running) {
            return; // not committed: delivered after restart
        }
        if (due.size() > 1) {
            synchronized (channelLock) {
                for (int i = due.size() - 1; i >= 0; i--) {
                    backlog.addFirst(due.get(i));
                }
            }
        } else {
            LOG.error("Webhook {}: alert {} could not be sent as {}; dead-lettered", subscription, due.get(0).id(),
                    subscription.format().wire(), error);
            metrics.attempt(subscription, false);
            deadLetterAll(due, attempt, "cannot be sent as " + subscription.format().wire() + ": " + describe(error));
        }
        sent();
    }

    private void handle(List<Alert> due, int attempt, org.releasewatch.delivery.channels.Delivery delivery) {
        if (delivery instanceof org.releasewatch.delivery.channels.Delivery.Accepted accepted) {
            metrics.attempt(subscription, true);
            Set<String> ids = new HashSet<>(accepted.alertIds());
            List<Alert> rest = new ArrayList<>();
            for (Alert alert : due) {
                if (ids.contains(alert.id())) {
                    acknowledge(alert);
                } else {
                    rest.add(alert);
                }
            }
            if (rest.isEmpty()) {
                sent();
            } else if (ids.isEmpty()) {
                // a message that holds none of the alerts would be sent for ever
                deadLetterAll(rest, attempt, "the " + subscription.format().wire() + " message held none of the alerts");
                sent();
            } else {
                send(rest, 1); // what did not fit goes in the next message, at once
            }
        } else if (delivery instanceof org.releasewatch.delivery.channels.Delivery.Paced paced) {
            // not an attempt: the target's pace, or its own request to wait
            waitingForRetry.incrementAndGet();
            timer.schedule(() -> {
                waitingForRetry.decrementAndGet();
                send(due, attempt);
            }, Math.max(1, paced.after().toMillis()), TimeUnit.MILLISECONDS);
        } else if (delivery instanceof org.releasewatch.delivery.channels.Delivery.RetryLater later) {
            metrics.attempt(subscription, false);
            due.forEach(a -> failedAttempt(a.id(), null, 0, later.reason(), false));
            retryLater(due, attempt, later.after(), later.reason());
        } else if (delivery instanceof org.releasewatch.delivery.channels.Delivery.Failed failed) {
            metrics.attempt(subscription, false);
            due.forEach(a -> failedAttempt(a.id(), null, 0, failed.reason(), false));
            if (failed.gone()) {
                disable("the " + subscription.format().wire() + " target is gone (" + failed.reason() + ")");
            }
            deadLetterAll(due, attempt, failed.reason());
            sent();
        }
    }

    private void retryLater(List<Alert> due, int attempt, Optional<Duration> hint, String reason) {
        if (settings.retry().exhausted(attempt)) {
            deadLetterAll(due, attempt, reason);
            sent();
            return;
        }
        Duration delay = settings.retry().delayAfter(attempt, hint);
        LOG.debug("Webhook {}: attempt {} of a message of {} alert(s) failed ({}); next in {}", subscription, attempt,
                due.size(), reason, delay);
        waitingForRetry.incrementAndGet();
        timer.schedule(() -> {
            waitingForRetry.decrementAndGet();
            send(due, attempt + 1);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The message holding this alert was accepted: every record of it is done. */
    private void acknowledge(Alert alert) {
        List<Delivery> records;
        synchronized (channelLock) {
            records = waiting.remove(alert.id());
        }
        for (Delivery d : records == null ? List.<Delivery>of() : records) {
            metrics.delivered(subscription, Duration.between(
                    Optional.ofNullable(d.alert().emittedAt()).orElse(Instant.now()), Instant.now()));
            delivered.incrementAndGet();
            context.log().record(new AttemptsLog.Attempt(alert.id(), Instant.now(), AttemptsLog.DELIVERED, null, null,
                    null, null, d.replay() != null));
            finished(d);
        }
    }

    private void deadLetterAll(List<Alert> alerts, int attempts, String reason) {
        for (Alert alert : alerts) {
            List<Delivery> records;
            synchronized (channelLock) {
                records = waiting.remove(alert.id());
            }
            for (Delivery d : records == null ? List.<Delivery>of() : records) {
                deadLetter(d, attempts, reason);
            }
        }
    }

    private record Delivery(AlertView alert, byte[] body, TopicPartition tp, long offset, Replay replay) {
    }

    // ---- the standard format: while the receiver fails, one request at a time ----

    /**
     * Whether a request may go now. While the receiver fails (its last answer was a failure) only one request is in
     * flight; the others are parked and go one by one as answers come, all at once after a success — so a receiver
     * coming back is not met by every retry of the outage at once.
     */
    private boolean enter(Runnable later) {
        synchronized (gateLock) {
            if (failing && requestsInFlight > 0) {
                parked.addLast(later);
                return false;
            }
            requestsInFlight++;
            return true;
        }
    }

    private void leave(boolean ok) {
        List<Runnable> go = new ArrayList<>();
        synchronized (gateLock) {
            requestsInFlight--;
            failing = !ok;
            if (ok) {
                go.addAll(parked);
                parked.clear();
            } else if (requestsInFlight == 0 && !parked.isEmpty()) {
                go.add(parked.pollFirst());
            }
        }
        go.forEach(Runnable::run);
    }

    /** Disables the subscription (every instance, through the topic); this worker dead-letters from now on. */
    private void disable(String reason) {
        if (disabledReason == null) {
            disabledReason = reason;
            LOG.warn("Webhook {} disabled: {}", subscription, reason);
            context.disable().accept(reason);
        }
    }

    private void failedAttempt(String alertId, Integer status, long latencyMillis, String problem, boolean replay) {
        context.log().record(new AttemptsLog.Attempt(alertId, Instant.now(), AttemptsLog.FAILED, status,
                status == null ? null : latencyMillis, problem, null, replay));
        if (context.log().failingFor(settings.disableAfter(), Instant.now())) {
            disable("every attempt failed for " + settings.disableAfter() + " (last: " + problem + ")");
        }
    }

    private void attempt(Delivery d, int attempt) {
        if (!running) {
            return; // not committed: delivered after restart
        }
        String disabled = disabledReason;
        if (disabled != null) {
            deadLetter(d, attempt - 1, "subscription disabled: " + disabled);
            return;
        }
        Optional<String> refused = refusedAddress();
        if (refused.isPresent()) {
            deadLetter(d, attempt, refused.get());
            return;
        }
        if (!enter(() -> attempt(d, attempt))) {
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "User-Agent", "releasewatch-webhooks",
                "webhook-id", d.alert().id(),
                "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", subscription.signatureHeader(d.alert().id(), timestamp, d.body(), Instant.now()));
        long sentAt = System.nanoTime();
        http.postAsync(subscription.url(), headers, d.body(), httpExecutor).whenComplete((response, error) -> {
            long latency = (System.nanoTime() - sentAt) / 1_000_000;
            boolean ok = error == null && response.status() / 100 == 2;
            if (ok) {
                metrics.attempt(subscription, true);
                metrics.delivered(subscription, Duration.between(
                        Optional.ofNullable(d.alert().emittedAt()).orElse(Instant.now()), Instant.now()));
                delivered.incrementAndGet();
                context.log().record(new AttemptsLog.Attempt(d.alert().id(), Instant.now(), AttemptsLog.DELIVERED,
                        response.status(), latency, null, null, d.replay() != null));
                finished(d);
                leave(true);
                return;
            }
            metrics.attempt(subscription, false);
            String problem = error != null ? describe(error) : "HTTP " + response.status();
            failedAttempt(d.alert().id(), error == null ? response.status() : null, latency, problem, d.replay() != null);
            if (error == null && response.status() == 410) {
                disable("the receiver answered 410 Gone");
                deadLetter(d, attempt, "HTTP 410 Gone: subscription disabled");
                leave(false);
                return;
            }
            if (settings.retry().exhausted(attempt)) {
                leave(false);
                deadLetter(d, attempt, problem);
                return;
            }
            leave(false);
            Optional<Duration> retryAfter = error == null
                    ? RetryHint.of(response.status(), response::header, "", Instant.now()) : Optional.empty();
            Duration delay = settings.retry().delayAfter(attempt, retryAfter);
            LOG.debug("Webhook {}: attempt {} for alert {} failed ({}); next in {}", subscription, attempt,
                    d.alert().id(), problem, delay);
            waitingForRetry.incrementAndGet();
            timer.schedule(() -> {
                waitingForRetry.decrementAndGet();
                attempt(d, attempt + 1);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void deadLetter(Delivery d, int attempts, String lastError) {
        LOG.warn("Webhook {}: alert {} dead-lettered after {} attempt(s): {}", subscription, d.alert().id(), attempts, lastError);
        byte[] failure;
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node = d.alert().failure(subscription.ref(), d.body(), attempts,
                    lastError, d.tp(), d.offset());
            if (node.get("subscription") instanceof com.fasterxml.jackson.databind.node.ObjectNode ref) {
                ref.put("id", subscription.id()); // the index is -1 for a subscription not in the configuration
            }
            failure = Json.bytes(node);
        } catch (RuntimeException e) {
            failure = ("{\"lastError\":" + Json.string(lastError) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        byte[] value = failure;
        dlqProducer.send(new ProducerRecord<>(webhookDlqTopic, d.alert().id(), value), (meta, error) -> {
            if (error == null) {
                metrics.deadLettered(subscription);
                deadLettered.incrementAndGet();
                context.log().record(new AttemptsLog.Attempt(d.alert().id(), Instant.now(), AttemptsLog.DEAD_LETTERED,
                        null, null, lastError, null, d.replay() != null));
                finished(d);
            } else if (running) {
                // never lose it: try the dead-letter write again later
                timer.schedule(() -> deadLetter(d, attempts, lastError), 1, TimeUnit.SECONDS);
            }
        });
    }

    /**
     * Before each attempt: a target the policy refuses is dead-lettered at once rather than retried. (The
     * client checks again the addresses it actually connects to.)
     */
    private Optional<String> refusedAddress() {
        return http.refusal(subscription.url());
    }

    private String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        for (Throwable t = e; t != null && !(t instanceof TargetHttp.TargetRefused); t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + (subscription.url() == null ? "" : subscription.url().getHost());
            }
        }
        if (e instanceof ConnectTimeoutException) {
            return "connection timed out after " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof TargetHttp.DeadlinePassed || e instanceof SocketTimeoutException) {
            return "no answer within " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage() == null ? "" : ": " + (subscription.url() == null ? e.getMessage()
                : e.getMessage().replace(subscription.url().toString(), subscription.redactedUrl()));
        return e.getClass().getSimpleName() + message;
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
