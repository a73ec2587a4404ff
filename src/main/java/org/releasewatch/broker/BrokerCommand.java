package org.releasewatch.broker;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar releasewatch.jar broker}: only the embedded KRaft broker, configured like the
 * service ({@code releasewatch.broker.port}, {@code releasewatch.data-dir}), so several service
 * instances on one machine can share it through {@code KAFKA_BOOTSTRAP_SERVERS}.
 */
public final class BrokerCommand {

    private BrokerCommand() {
    }

    public static void main(String[] args) {
        int port;
        Path dataDir;
        try (ApplicationContext probe = ApplicationContext.builder().args(args).build()) {
            Environment env = probe.getEnvironment().start();
            port = env.getProperty("releasewatch.broker.port", Integer.class).orElse(9092);
            dataDir = env.getProperty("releasewatch.data-dir", Path.class).orElse(Path.of("data"));
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(port, dataDir.resolve("kafka"));
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            System.err.printf("releasewatch broker: port %d is already in use; choose another with RELEASEWATCH_BROKER_PORT=19092%n", port);
            System.exit(2);
            return;
        }
        System.out.printf("releasewatch broker: Kafka (KRaft) on %s, data in %s%n", broker.bootstrapServers(), broker.dataDir());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
