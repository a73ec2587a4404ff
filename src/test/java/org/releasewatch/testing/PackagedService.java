package org.releasewatch.testing;

import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.Alert;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The packaged service of one test on the shared broker, with everything it needs of its own: topics,
 * application id, data folder, HTTP port, a webhook receiver and the configuration file naming them
 * ({@link ServiceYaml}). It can be started, killed and started again on the same configuration and data.
 */
public final class PackagedService implements AutoCloseable {

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final TopicsConfig topics = TestService.uniqueTopics();
    private final String applicationId;
    private final List<Receiver> receivers;
    private final Path dir = TestService.tempDir();
    private final Path config;
    private final int port = EmbeddedKafkaBroker.freePort();
    private ServiceProcess process;

    public PackagedService(String name) {
        this(name, 1, UnaryOperator.identity());
    }

    /**
     * A service with {@code receivers} webhook receivers, one subscription each, retried on the schedule
     * {@code retry} makes of the fast default ({@link ServiceYaml.Webhooks#fast}).
     */
    public PackagedService(String name, int receivers, UnaryOperator<ServiceYaml.Webhooks> retry) {
        this.applicationId = Topics.unique(name);
        this.receivers = IntStream.range(0, receivers).mapToObj(i -> new Receiver(SECRET)).toList();
        ServiceYaml.Webhooks webhooks = retry.apply(
                ServiceYaml.Webhooks.fast(SECRET, this.receivers.stream().map(Receiver::url).toArray(String[]::new)));
        this.config = ServiceYaml.write(SharedBroker.bootstrapServers(), dir.resolve("application-" + name + ".yml"),
                topics, applicationId, applicationId + "-instance", dir.resolve("data"), webhooks, "");
    }

    /** Starts the service (again, after a kill) and waits until /health says 200. */
    public ServiceProcess start() {
        process = new ServiceProcess(config, dir.resolve("service.log"), port).start();
        process.awaitHealthy(Duration.ofSeconds(120));
        return process;
    }

    public ServiceProcess process() {
        return process;
    }

    public TopicsConfig topics() {
        return topics;
    }

    public String applicationId() {
        return applicationId;
    }

    /** The (first) webhook receiver. */
    public Receiver receiver() {
        return receivers.get(0);
    }

    /** Every webhook receiver, in the order of the subscriptions. */
    public List<Receiver> receivers() {
        return receivers;
    }

    /** The alerts topic as a {@code read_committed} reader sees it now. */
    public List<Alert> alerts() {
        return Story.alerts(SharedBroker.bootstrapServers(), topics.alerts());
    }

    /** See {@link TestService#caughtUp}. */
    public boolean caughtUp() {
        return TestService.caughtUp(SharedBroker.bootstrapServers(), topics, applicationId);
    }

    /** Waits until the service has worked off everything and nothing new came for a while: {@link CaughtUp}. */
    public void awaitCaughtUp(Duration atMost) {
        CaughtUp.await(SharedBroker.bootstrapServers(), topics, applicationId, atMost);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        receivers.forEach(Receiver::close);
    }
}
