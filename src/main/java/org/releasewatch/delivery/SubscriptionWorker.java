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
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.WebhookFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 */
final class SubscriptionWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionWorker.class);
    static final int MAX_IN_FLIGHT = 1000;
    private static final Duration COMMIT_EVERY = Duration.ofMillis(200);

    private final Subscription subscription;
    private final WebhookSettings settings;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String alertsTopic;
    private final String webhookDlqTopic;
    private final Producer<String, byte[]> dlqProducer;
    private final ScheduledExecutorService timer;
    private final ExecutorService httpExecutor;
    private final PinnedHttpClient http;
    private final WebhookMetrics metrics;
    private final PendingOffsets pending = new PendingOffsets();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicInteger waitingForRetry = new AtomicInteger();
    private volatile boolean running = true;

    SubscriptionWorker(Subscription subscription, WebhookSettings settings, Map<String, Object> consumerProps,
                       String alertsTopic, String webhookDlqTopic, Producer<String, byte[]> dlqProducer,
                       ScheduledExecutorService timer, WebhookMetrics metrics) {
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
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        this.httpExecutor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-" + subscription.index() + "-http");
            t.setDaemon(true);
            return t;
        });
        this.http = new PinnedHttpClient(settings.targets(), settings.timeout(), httpExecutor);
    }

    Subscription subscription() {
        return subscription;
    }

    /** Counts for the dashboard: delivered, waiting for a retry, dead-lettered. */
    Map<String, Object> status() {
        return Map.of("index", subscription.index(), "url", subscription.redactedUrl(),
                "delivered", delivered.get(), "retrying", waitingForRetry.get(), "deadLettered", deadLettered.get(),
                "inFlight", pending.inFlight());
    }

    @Override
    public void run() {
        consumer.subscribe(Set.of(alertsTopic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit();
                pending.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
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
                    accept(record);
                }
                if (System.nanoTime() - lastCommit > COMMIT_EVERY.toNanos()) {
                    commit();
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("Webhook {} stopped reading alerts", subscription, e);
        } finally {
            commit();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Alert alert;
        try {
            alert = Json.read(record.value(), Alert.class);
        } catch (RuntimeException e) {
            LOG.warn("Webhook {}: skipping an unreadable alert at {}@{}", subscription, tp, record.offset());
            pending.read(tp, record.offset(), false);
            return;
        }
        boolean wanted = subscription.wants(alert);
        pending.read(tp, record.offset(), wanted);
        if (wanted) {
            attempt(new Delivery(alert, record.value(), tp, record.offset()), 1);
        }
    }

    private record Delivery(Alert alert, byte[] body, TopicPartition tp, long offset) {
    }

    private void attempt(Delivery d, int attempt) {
        if (!running) {
            return; // not committed: delivered after restart
        }
        Optional<String> refused = refusedAddress();
        if (refused.isPresent()) {
            deadLetter(d, attempt, refused.get());
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(subscription.url())
                // no h2c upgrade on plain http (some receivers refuse it on a POST); https negotiates HTTP/2 itself
                .version("http".equalsIgnoreCase(subscription.url().getScheme())
                        ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "releasewatch-webhooks")
                .header("webhook-id", d.alert().id())
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", WebhookSigner.signature(subscription.key(), d.alert().id(), timestamp, d.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                metrics.attempt(subscription, true);
                metrics.delivered(subscription, Duration.between(
                        Optional.ofNullable(d.alert().emittedAt()).orElse(Instant.now()), Instant.now()));
                delivered.incrementAndGet();
                pending.done(d.tp(), d.offset());
                return;
            }
            metrics.attempt(subscription, false);
            String problem = error != null ? describe(error) : "HTTP " + response.statusCode();
            if (settings.retry().exhausted(attempt)) {
                deadLetter(d, attempt, problem);
                return;
            }
            Optional<Duration> retryAfter = error == null && (response.statusCode() == 429 || response.statusCode() == 503)
                    ? retryAfter(response) : Optional.empty();
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
        WebhookFailure failure = new WebhookFailure(subscription.ref(), d.alert(), attempts, lastError);
        LOG.warn("Webhook {}: alert {} dead-lettered after {} attempt(s): {}", subscription, d.alert().id(), attempts, lastError);
        dlqProducer.send(new ProducerRecord<>(webhookDlqTopic, d.alert().id(), Json.bytes(failure)), (meta, error) -> {
            if (error == null) {
                metrics.deadLettered(subscription);
                deadLettered.incrementAndGet();
                pending.done(d.tp(), d.offset());
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

    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            String v = value.trim();
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Optional.of(Duration.between(Instant.now(), at.toInstant()));
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    private String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host " + subscription.url().getHost();
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out after " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + settings.timeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace(subscription.url().toString(), subscription.redactedUrl());
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
        consumer.wakeup();
    }

    void closeHttp() {
        httpExecutor.shutdownNow();
    }
}
