package org.releasewatch.delivery;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts one {@link SubscriptionWorker} per configured subscription (see its doc for the delivery
 * guarantees) and stops them on shutdown. Consumer groups are {@code <application-id>-webhook-<index>}:
 * add new subscriptions at the end of the list so existing ones keep their progress.
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
    private final List<SubscriptionWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService timer;
    private Producer<String, byte[]> dlqProducer;

    public WebhookDelivery(WebhookSettings settings, KafkaClients clients, TopicsConfig topics, WebhookMetrics metrics,
                           TopicProvisioner topicsReady, ChannelSenders senders, EmailSettings email) {
        this.settings = settings;
        this.senders = senders;
        this.email = email;
        this.clients = clients;
        this.topics = topics;
        this.metrics = metrics;
    }

    /** Silences (issue 18); until subscriptions (issue 16) take it in their own way. */
    private DeliveryHold hold = new NoDeliveryHold();

    @jakarta.inject.Inject
    void hold(DeliveryHold hold) {
        this.hold = hold;
    }

    @PostConstruct
    void start() {
        if (settings.subscriptions().isEmpty()) {
            return;
        }
        checkEmail();
        checkTargets();
        timer = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "webhook-retry-timer");
            t.setDaemon(true);
            return t;
        });
        Map<String, Object> producerProps = clients.common();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizes.MAX_RECORD_BYTES);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-webhook-dlq");
        dlqProducer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        for (Subscription subscription : settings.subscriptions()) {
            Map<String, Object> consumerProps = clients.common();
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, clients.applicationId() + "-webhook-" + subscription.index());
            consumerProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    clients.instanceId() + "-webhook-" + subscription.index());
            consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, clients.sessionTimeoutMs());
            consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-webhook-" + subscription.index());
            SubscriptionWorker worker = new SubscriptionWorker(subscription, settings, consumerProps, topics.alerts(),
                    topics.webhookDlq(), dlqProducer, timer, metrics, senders);
            worker.hold(hold);
            Thread thread = new Thread(worker, "webhook-" + subscription.index());
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        LOG.info("Webhook delivery to {} subscription(s): {}", workers.size(),
                settings.subscriptions().stream().map(Subscription::toString).toList());
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
        ExecutorService lookups = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-target-check");
            t.setDaemon(true);
            return t;
        });
        try {
            PinnedHttpClient checker = new PinnedHttpClient(settings.targets(), settings.timeout(), lookups);
            for (Subscription subscription : settings.subscriptions()) {
                if (subscription.url() == null) {
                    continue; // email: the SMTP relay is the operator's own
                }
                Future<Optional<String>> refusal = lookups.submit(() -> checker.refusal(subscription.url()));
                try {
                    Optional<String> refused = refusal.get(DNS_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    if (refused.isPresent()) {
                        throw new WebhookSettings.InvalidWebhookConfig(WebhookSettings.PREFIX + ".subscriptions["
                                + subscription.index() + "].url: " + subscription.redactedUrl() + " " + refused.get());
                    }
                } catch (TimeoutException e) {
                    refusal.cancel(true);
                    LOG.warn("Webhook {}: its host did not resolve within {} s at start-up; it is checked before every attempt",
                            subscription, DNS_CHECK_TIMEOUT.toSeconds());
                } catch (ExecutionException e) {
                    LOG.warn("Webhook {}: its target could not be checked at start-up ({}); it is checked before every attempt",
                            subscription, e.getCause().getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            lookups.shutdownNow();
        }
    }

    /** Per subscription: delivered, retrying and dead-lettered counts (for the dashboard). */
    public List<Map<String, Object>> status() {
        return workers.stream().map(SubscriptionWorker::status).toList();
    }

    @PreDestroy
    void stop() {
        workers.forEach(SubscriptionWorker::stop);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.forEach(SubscriptionWorker::closeHttp);
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
