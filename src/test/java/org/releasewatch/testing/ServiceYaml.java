package org.releasewatch.testing;

import org.releasewatch.config.TopicsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The configuration file an operator would give the packaged service ({@code MICRONAUT_CONFIG_FILES}):
 * the shared test broker, the test's own topics, webhook subscriptions (by default one, with a fast retry schedule).
 */
public final class ServiceYaml {

    private ServiceYaml() {
    }

    /**
     * @param extra further lines under {@code releasewatch:}, already indented by two spaces
     */
    public static Path write(Path file, TopicsConfig topics, String applicationId, String instanceId, Path dataDir,
                             String webhookUrl, String webhookSecret, String extra) {
        return write(SharedBroker.bootstrapServers(), file, topics, applicationId, instanceId, dataDir, webhookUrl,
                webhookSecret, extra);
    }

    /** As {@link #write(Path, TopicsConfig, String, String, Path, String, String, String)}, for the broker at {@code bootstrap}. */
    public static Path write(String bootstrap, Path file, TopicsConfig topics, String applicationId, String instanceId,
                             Path dataDir, String webhookUrl, String webhookSecret, String extra) {
        return write(bootstrap, file, topics, applicationId, instanceId, dataDir,
                Webhooks.fast(webhookSecret, webhookUrl), extra);
    }

    /**
     * The webhook part of the file: subscriptions (one per URL, all with one secret) and the retry schedule.
     */
    public record Webhooks(String secret, List<String> urls, String initialDelay, String maxDelay, int maxAttempts) {

        /** A fast schedule: 100 ms first back-off, at most 1 s, 50 attempts (roughly half a minute of retrying). */
        public static Webhooks fast(String secret, String... urls) {
            return new Webhooks(secret, List.of(urls), "100ms", "1s", 50);
        }

        /** The same subscriptions, retried on this schedule. */
        public Webhooks retrying(String initialDelay, String maxDelay, int maxAttempts) {
            return new Webhooks(secret, urls, initialDelay, maxDelay, maxAttempts);
        }

        String yaml() {
            StringBuilder yaml = new StringBuilder("""
                      webhooks:
                        allow-private-networks: true   # test receivers listen on loopback
                        allow-http: true
                        timeout: 5s
                        retry:
                          initial-delay: %s
                          max-delay: %s
                          max-attempts: %d
                        subscriptions:%s
                    """.formatted(initialDelay, maxDelay, maxAttempts, urls.isEmpty() ? " []" : ""));
            urls.forEach(url -> yaml.append("      - url: ").append(url).append('\n')
                    .append("        secret: ").append(secret).append('\n'));
            return yaml.toString();
        }
    }

    /** The full form: the broker at {@code bootstrap}, these webhook subscriptions and schedule. */
    public static Path write(String bootstrap, Path file, TopicsConfig topics, String applicationId, String instanceId,
                             Path dataDir, Webhooks webhooks, String extra) {
        String yaml = """
                kafka:
                  bootstrap.servers: %s
                releasewatch:
                  application-id: %s
                  instance-id: %s
                  data-dir: %s
                  topics:
                    releases: %s
                    sanctions: %s
                    watchlist: %s
                    alerts: %s
                    dlq: %s
                    webhook-dlq: %s
                    internal-events: %s
                    internal-watchlist: %s
                    internal-releases-by-person: %s
                    subscriptions: %s.subscriptions
                    acks: %s.acks
                    silences: %s.silences
                  secrets:
                    key: %s
                """.formatted(bootstrap, applicationId, instanceId, dataDir, topics.releases(),
                topics.sanctions(), topics.watchlist(), topics.alerts(), topics.dlq(), topics.webhookDlq(),
                topics.internalEvents(), topics.internalWatchlist(), topics.internalReleasesByPerson(), topics.alerts(),
                topics.alerts(), topics.alerts(), TestService.SECRETS_KEY) + webhooks.yaml() + extra;
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
