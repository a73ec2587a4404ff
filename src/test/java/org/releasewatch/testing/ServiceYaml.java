package org.releasewatch.testing;

import org.releasewatch.config.TopicsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration file an operator would give the packaged service ({@code MICRONAUT_CONFIG_FILES}):
 * the shared test broker, the test's own topics, one webhook subscription with a fast retry schedule.
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
                  webhooks:
                    timeout: 5s
                    retry:
                      initial-delay: 100ms
                      max-delay: 1s
                      max-attempts: 50
                    subscriptions:
                      - url: %s
                        secret: %s
                """.formatted(bootstrap, applicationId, instanceId, dataDir, topics.releases(),
                topics.sanctions(), topics.watchlist(), topics.alerts(), topics.dlq(), topics.webhookDlq(),
                topics.internalEvents(), topics.internalWatchlist(), webhookUrl, webhookSecret) + extra;
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
