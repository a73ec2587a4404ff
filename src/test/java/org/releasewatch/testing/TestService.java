package org.releasewatch.testing;

import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A whole releasewatch service in the test JVM, started exactly as {@code java -jar} starts it, against
 * the shared real broker, with its own topics, application id, state folder and a random HTTP port.
 */
public final class TestService {

    private TestService() {
    }

    /** Topic names unique to one test, in the shape of {@link TopicsConfig}. */
    public static TopicsConfig uniqueTopics() {
        String p = Topics.unique("t");
        return new TopicsConfig(p + ".releases", p + ".sanctions", p + ".watchlist", p + ".alerts", p + ".dlq",
                p + ".webhook-dlq", p + ".internal.events", p + ".internal.watchlist", true, 3, (short) 1);
    }

    /** {@link #properties(TopicsConfig, Path)} for a broker of the test's own instead of the shared one. */
    public static Map<String, Object> properties(TopicsConfig topics, Path dataDir, String bootstrapServers) {
        Map<String, Object> p = properties(topics, dataDir);
        p.put("kafka.bootstrap.servers", bootstrapServers);
        return p;
    }

    /** The subscriptions' secrets key of every test instance (tests of the generated key file remove it). */
    public static final String SECRETS_KEY = "whsec_ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    public static Map<String, Object> properties(TopicsConfig topics, Path dataDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        p.put("micronaut.server.port", org.releasewatch.broker.EmbeddedKafkaBroker.freePort()); // known before start: Kafka Streams advertises it
        p.put("releasewatch.application-id", Topics.unique("app"));
        p.put("releasewatch.instance-id", Topics.unique("instance"));
        p.put("releasewatch.data-dir", dataDir.toString());
        p.put("releasewatch.topics.releases", topics.releases());
        p.put("releasewatch.topics.sanctions", topics.sanctions());
        p.put("releasewatch.topics.watchlist", topics.watchlist());
        p.put("releasewatch.topics.alerts", topics.alerts());
        p.put("releasewatch.topics.dlq", topics.dlq());
        p.put("releasewatch.topics.webhook-dlq", topics.webhookDlq());
        p.put("releasewatch.topics.internal-events", topics.internalEvents());
        p.put("releasewatch.topics.internal-releases-by-person", topics.internalReleasesByPerson());
        p.put("releasewatch.topics.internal-watchlist", topics.internalWatchlist());
        // acks and silences of one test must not reach another's alerts (instances of one test share them)
        p.put("releasewatch.topics.acks", topics.alerts() + ".acks");
        p.put("releasewatch.topics.silences", topics.alerts() + ".silences");
        // the subscriptions topic is followed by every instance: one per test, or tests would share subscriptions
        p.put("releasewatch.topics.subscriptions", topics.alerts() + ".subscriptions");
        // one key for every instance of a test: each opens the secrets the others sealed
        p.put("releasewatch.secrets.key", SECRETS_KEY);
        // test receivers listen on loopback over plain HTTP, which the webhook target policy refuses by default
        p.put("releasewatch.webhooks.allow-private-networks", true);
        p.put("releasewatch.webhooks.allow-http", true);
        return p;
    }

    /**
     * True when application {@code applicationId} has worked off everything on {@code bootstrap}: each
     * ingest group has committed its input topic to the end, and the topology has committed its inputs
     * (internal topics, the repartition topic, the alerts it reads back) to the end, so the alerts and
     * dead letters of every input written so far are visible to {@code read_committed} readers.
     */
    public static boolean caughtUp(String bootstrap, TopicsConfig topics, String applicationId) {
        return Topics.caughtUp(bootstrap, applicationId + "-ingest-releases", topics.releases())
                && Topics.caughtUp(bootstrap, applicationId + "-ingest-sanctions", topics.sanctions())
                && Topics.caughtUp(bootstrap, applicationId + "-ingest-watchlist", topics.watchlist())
                && Topics.caughtUp(bootstrap, applicationId, topics.internalEvents(), topics.internalWatchlist(),
                topics.internalReleasesByPerson(), topics.alerts());
    }

    public static ReleasewatchService start(Map<String, Object> properties) {
        return ReleasewatchService.start(new String[0], properties);
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("releasewatch-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
