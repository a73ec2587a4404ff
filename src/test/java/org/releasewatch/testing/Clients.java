package org.releasewatch.testing;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.ApplicationContext;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.ServiceConfig;

import java.nio.file.Path;
import java.util.Map;

/** The service's {@link KafkaClients} for the shared test broker, for tests of one client class without a service. */
public final class Clients {

    private Clients() {
    }

    public static KafkaClients shared(String applicationId) {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("kafka.bootstrap.servers", SharedBroker.bootstrapServers())).build()) {
            KafkaDefaultConfiguration kafka = new KafkaDefaultConfiguration(context.getEnvironment().start());
            return new KafkaClients(kafka, new ServiceConfig(applicationId, applicationId + "-instance", Path.of("data"), 30000));
        }
    }
}
