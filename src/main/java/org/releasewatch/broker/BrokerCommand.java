package org.releasewatch.broker;

import org.releasewatch.config.LaunchSettings;

import java.util.Map;

/**
 * {@code java -jar releasewatch.jar broker}: only the embedded KRaft broker, configured like the
 * service ({@code releasewatch.broker.port}, {@code releasewatch.data-dir}), so several service
 * instances on one machine can share it through {@code KAFKA_BOOTSTRAP_SERVERS}.
 */
public final class BrokerCommand {

    private BrokerCommand() {
    }

    public static void main(String[] args) {
        LaunchSettings launch = LaunchSettings.read(args, Map.of());
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(launch.brokerPort(), launch.brokerDir());
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            System.err.printf("releasewatch broker: port %d is already in use; choose another with RELEASEWATCH_BROKER_PORT=19092%n",
                    e.port());
            System.exit(2);
            return;
        }
        System.out.printf("releasewatch broker: Kafka (KRaft) on %s, data in %s%n", broker.bootstrapServers(), broker.dataDir());
        LaunchSettings.runUntilStopped("broker", broker::close);
    }
}
