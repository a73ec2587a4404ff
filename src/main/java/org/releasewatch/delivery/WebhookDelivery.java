package org.releasewatch.delivery;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasewatch.config.RecordSizes;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.delivery.channels.ChannelFormat;
import org.releasewatch.delivery.channels.ChannelSenders;
import org.releasewatch.delivery.channels.EmailSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link SubscriptionWorker} per subscription of the {@link SubscriptionStore} (see the worker's doc for the
 * delivery guarantees), and follows the store: a subscription created, changed or deleted on any instance starts,
 * replaces or stops its worker here within a poll, with no restart. Consumer groups are
 * {@code <application-id>-webhook-<subscription id>}, so the order of the configured list does not matter.
 * Also starts replays, and keeps each subscription's {@link AttemptsLog}.
 */
@Context
public class WebhookDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final Duration DNS_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final WebhookSettings settings;
    private final KafkaClients clients;
    private final TopicsConfig topics;
    private final WebhookMetrics metrics;
    private final ChannelSenders senders;
    private final EmailSettings email;
    private final SubscriptionStore store;
    private final DeliveryHold hold;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, AttemptsLog> logs = new ConcurrentHashMap<>();
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(r -> daemon(r, "webhook-reconcile"));
    private final ExecutorService disabler = Executors.newSingleThreadExecutor(r -> daemon(r, "webhook-disable"));
    private ScheduledExecutorService timer;
    private Producer<String, byte[]> dlqProducer;
    private volatile boolean stopping;

    private record Running(String fingerprint, SubscriptionWorker worker, Thread thread) {
    }

    public WebhookDelivery(WebhookSettings settings, KafkaClients clients, TopicsConfig topics, WebhookMetrics metrics,
                           TopicProvisioner topicsReady, ChannelSenders senders, EmailSettings email,
                           SubscriptionStore store, DeliveryHold hold) {
        this.settings = settings;
        this.senders = senders;
        this.email = email;
        this.clients = clients;
        this.topics = topics;
        this.metrics = metrics;
        this.store = store;
        this.hold = hold;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @PostConstruct
    void start() {
        checkEmail();
        checkTargets();
        timer = Executors.newScheduledThreadPool(1, r -> daemon(r, "webhook-retry-timer"));
        Map<String, Object> producerProps = clients.common();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizes.MAX_RECORD_BYTES);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-webhook-dlq");
        dlqProducer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        store.onChange(() -> {
            if (!stopping) {
                reconciler.submit(this::reconcileOrRetry);
            }
        });
        reconcileOrRetry();
        LOG.info("Webhook delivery to {} subscription(s): {}", running.size(),
                running.values().stream().map(r -> r.worker().subscription().toString()).toList());
    }

    /**
     * {@link #reconcile()}, which a failure (a worker that cannot be built) must not end quietly: a task of the
     * reconciling executor would swallow it. Logged, shown on {@code /health} until a later run succeeds, and run
     * again after {@link #RECONCILE_RETRY}.
     */
    private void reconcileOrRetry() {
        try {
            reconcile();
            reconcileFailure = null;
        } catch (RuntimeException e) {
            reconcileFailure = e.toString();
            LOG.error("Webhook workers could not be matched to the subscriptions; trying again in {} s",
                    RECONCILE_RETRY.toSeconds(), e);
            if (!stopping) {
                timer.schedule(() -> reconciler.submit(this::reconcileOrRetry), RECONCILE_RETRY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private static final Duration RECONCILE_RETRY = Duration.ofSeconds(5);
    private volatile String reconcileFailure;

    /** Why the workers do not match the subscriptions now (the last reconcile failed), or empty. */
    public Optional<String> reconcileFailure() {
        return Optional.ofNullable(reconcileFailure);
    }

    /** Starts, replaces and stops workers so that they match the store. Runs on one thread at a time. */
    private synchronized void reconcile() {
        if (stopping) {
            return;
        }
        Map<String, SubscriptionStore.Entry> wanted = new HashMap<>();
        for (SubscriptionStore.Entry e : store.all()) {
            if (e.subscription() != null) {
                wanted.put(e.record().id(), e);
            }
        }
        for (String id : List.copyOf(running.keySet())) {
            SubscriptionStore.Entry e = wanted.get(id);
            if (e == null || !fingerprint(e).equals(running.get(id).fingerprint())) {
                stopWorker(running.remove(id));
                if (e == null) {
                    Replay replay = replays.remove(id);
                    if (replay != null) {
                        replay.stop();
                    }
                    logs.remove(id);
                }
            }
        }
        wanted.forEach((id, e) -> {
            if (!running.containsKey(id)) {
                running.put(id, startWorker(e));
            }
        });
    }

    private static String fingerprint(SubscriptionStore.Entry e) {
        SubscriptionRecord r = e.record();
        return SubscriptionCodec.fingerprint(e.subscription()) + "|" + r.state() + "|" + r.startOffsets();
    }

    private Running startWorker(SubscriptionStore.Entry e) {
        Subscription subscription = e.subscription();
        SubscriptionRecord record = e.record();
        String id = subscription.id();
        Map<String, Object> consumerProps = consumerProps(id);
        Map<Integer, Long> start = null;
        if (record.startOffsets() != null) {
            start = new HashMap<>();
            for (Map.Entry<String, Long> o : record.startOffsets().entrySet()) {
                start.put(Integer.parseInt(o.getKey()), o.getValue());
            }
        }
        SubscriptionContext context = new SubscriptionContext(hold, log(id), start,
                record.disabled() ? Optional.ofNullable(record.disabledReason()).orElse("disabled") : null,
                reason -> disabler.submit(() -> disable(id, reason)));
        SubscriptionWorker worker = new SubscriptionWorker(subscription, settings, consumerProps, topics.alerts(),
                topics.webhookDlq(), dlqProducer, timer, metrics, senders, context);
        Thread thread = new Thread(worker, "webhook-" + id);
        thread.start();
        return new Running(fingerprint(e), worker, thread);
    }

    private Map<String, Object> consumerProps(String id) {
        Map<String, Object> consumerProps = clients.common();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, clients.applicationId() + "-webhook-" + id);
        consumerProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clients.instanceId() + "-webhook-" + id);
        consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, clients.sessionTimeoutMs());
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-webhook-" + id);
        return consumerProps;
    }

    private void stopWorker(Running r) {
        if (r == null) {
            return;
        }
        r.worker().stop();
        try {
            r.thread().join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.worker().closeHttp();
    }

    /** Writes the disabled state to the topic, so every instance's worker for it dead-letters from now on. */
    private void disable(String id, String reason) {
        try {
            store.get(id).map(SubscriptionStore.Entry::record).filter(r -> !r.disabled()).ifPresent(r ->
                    store.put(r.withState(SubscriptionRecord.DISABLED, reason, Instant.now(), "releasewatch")));
        } catch (RuntimeException e) {
            LOG.error("Subscription {} could not be disabled ({}); retrying in 5 s", id, e.getMessage());
            timer.schedule(() -> disabler.submit(() -> disable(id, reason)), 5, TimeUnit.SECONDS);
        }
    }

    AttemptsLog log(String id) {
        return logs.computeIfAbsent(id, k -> new AttemptsLog());
    }

    /** The latest attempts this instance made for a subscription, newest first. */
    public List<AttemptsLog.Attempt> attempts(String id, int limit) {
        AttemptsLog log = logs.get(id);
        return log == null ? List.of() : log.latest(limit);
    }

    /** The delivery figures of a subscription on this instance (empty map if it has no worker here). */
    public Map<String, Object> figures(String id) {
        Running r = running.get(id);
        Map<String, Object> out = new LinkedHashMap<>();
        if (r != null) {
            Map<String, Object> status = r.worker().status();
            for (String key : List.of("state", "delivered", "retrying", "deadLettered", "pending")) {
                out.put(key.equals("state") ? "worker" : key, status.get(key));
            }
        }
        out.putAll(log(id).figures());
        Replay replay = replays.get(id);
        if (replay != null) {
            out.put("replay", replay.status());
        }
        return out;
    }

    /**
     * Starts a replay of a subscription's alerts emitted since {@code since}.
     *
     * @return false if one is already running for it on this instance
     */
    public boolean replay(String id, Instant since) {
        synchronized (replays) {
            Replay current = replays.get(id);
            if (current != null && !current.finished()) {
                return false;
            }
            Replay replay = new Replay(id, since, consumerProps(id), topics.alerts(),
                    () -> Optional.ofNullable(running.get(id)).map(Running::worker).orElse(null));
            replays.put(id, replay);
            daemon(replay, "webhook-replay-" + id).start();
            return true;
        }
    }

    /** The alerts topic's end offsets now, by partition: where a subscription created now starts. */
    public Map<String, Long> alertsEndOffsets() {
        Map<String, Object> props = clients.common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topics.alerts(), Duration.ofSeconds(10));
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topics.alerts(), p.partition())).toList();
            Map<String, Long> out = new LinkedHashMap<>();
            c.endOffsets(partitions, Duration.ofSeconds(10)).forEach((tp, o) -> out.put(String.valueOf(tp.partition()), o));
            return out;
        }
    }

    /** An email subscription without an SMTP relay could never deliver: stop the start, naming the settings. */
    private void checkEmail() {
        if (email.configured()) {
            return;
        }
        for (Subscription subscription : settings.subscriptions()) {
            if (subscription.format() == ChannelFormat.EMAIL) {
                throw new WebhookSettings.InvalidWebhookConfig(WebhookSettings.PREFIX + ".subscriptions["
                        + subscription.index() + "].format: email needs an SMTP relay: " + email.missing());
            }
        }
    }

    /**
     * Each configured subscription's host is resolved once now, so one that points to a refused address stops
     * the start with a message naming it. Only a start-up check: every attempt resolves and checks again and
     * connects to the address it checked. A host that cannot be resolved now is only logged (DNS may be late).
     */
    private void checkTargets() {
        if (settings.subscriptions().isEmpty()) {
            return;
        }
        ExecutorService lookups = Executors.newCachedThreadPool(r -> daemon(r, "webhook-target-check"));
        try {
            for (Subscription subscription : settings.subscriptions()) {
                if (subscription.url() == null) {
                    continue; // email: the SMTP relay is the operator's own
                }
                Optional<String> refused = refusal(settings.targets(), lookups, subscription);
                if (refused.isPresent()) {
                    throw new WebhookSettings.InvalidWebhookConfig(WebhookSettings.PREFIX + ".subscriptions["
                            + subscription.index() + "].url: " + subscription.redactedUrl() + " " + refused.get());
                }
            }
        } finally {
            lookups.shutdownNow();
        }
    }

    /**
     * Why the policy refuses where a subscription's URL resolves to now (empty: allowed, or not resolvable within
     * 5 s — every attempt checks again). For the API's 422.
     */
    public Optional<String> refusedTarget(Subscription subscription) {
        if (subscription.url() == null) {
            return Optional.empty();
        }
        ExecutorService lookups = Executors.newCachedThreadPool(r -> daemon(r, "webhook-target-check"));
        try {
            return refusal(settings.targets(), lookups, subscription);
        } finally {
            lookups.shutdownNow();
        }
    }

    private static Optional<String> refusal(TargetPolicy policy, ExecutorService lookups, Subscription subscription) {
        Future<Optional<String>> refusal = lookups.submit(() -> TargetHttp.refusal(policy, subscription.url()));
        try {
            return refusal.get(DNS_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            refusal.cancel(true);
            LOG.warn("Webhook {}: its host did not resolve within {} s; it is checked before every attempt",
                    subscription, DNS_CHECK_TIMEOUT.toSeconds());
        } catch (ExecutionException e) {
            LOG.warn("Webhook {}: its target could not be checked ({}); it is checked before every attempt",
                    subscription, e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** Per subscription on this instance: its worker's state and delivery counts (for the dashboard and /health). */
    public List<Map<String, Object>> status() {
        return running.values().stream().map(r -> r.worker().status()).toList();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        reconciler.shutdownNow();
        disabler.shutdownNow();
        replays.values().forEach(Replay::stop);
        running.values().forEach(r -> r.worker().stop());
        for (Running r : running.values()) {
            try {
                r.thread().join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.values().forEach(r -> r.worker().closeHttp());
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dlqProducer != null) {
            dlqProducer.close();
        }
    }
}
