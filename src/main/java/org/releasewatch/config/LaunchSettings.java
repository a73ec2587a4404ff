package org.releasewatch.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * What the command line needs before any bean exists: read from Micronaut's configuration sources
 * (application.yml, environment variables, {@code MICRONAUT_CONFIG_FILES}, {@code overrides} first),
 * e.g. whether to start the embedded broker. And the wait for SIGTERM that the commands share.
 */
public record LaunchSettings(Optional<String> bootstrapServers, int brokerPort, Path dataDir, Map<String, Object> topics,
                             String applicationId) {

    /** {@code releasewatch.broker.port}: the embedded broker's port when none is configured. */
    public static final int DEFAULT_BROKER_PORT = 9092;

    public static LaunchSettings read(String[] args, Map<String, Object> overrides) {
        try (ApplicationContext probe = ApplicationContext.builder().args(args).properties(overrides).build()) {
            Environment env = probe.getEnvironment().start();
            return new LaunchSettings(
                    env.getProperty("kafka.bootstrap.servers", String.class).filter(s -> !s.isBlank()),
                    env.getProperty("releasewatch.broker.port", Integer.class).orElse(DEFAULT_BROKER_PORT),
                    env.getProperty("releasewatch.data-dir", Path.class).orElse(Path.of(ServiceConfig.DEFAULT_DATA_DIR)),
                    Map.copyOf(env.getProperties("releasewatch.topics")),
                    env.getRequiredProperty("releasewatch.application-id", String.class));
        }
    }

    /** The embedded broker's folder under the data folder. */
    public Path brokerDir() {
        return dataDir.resolve("kafka");
    }

    /** A topic name of {@code releasewatch.topics.*}, e.g. {@code topic("releases")}. */
    public String topic(String name) {
        Object topic = topics.get(name);
        if (topic == null) {
            throw new IllegalStateException("releasewatch.topics." + name + " is not configured");
        }
        return topic.toString();
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then runs {@code stop} before it exits. */
    public static void runUntilStopped(String name, Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, name + "-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
