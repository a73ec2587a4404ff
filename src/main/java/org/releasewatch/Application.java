package org.releasewatch;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import org.releasewatch.broker.BrokerCommand;
import org.releasewatch.demo.DemoCommand;
import org.releasewatch.sources.SourcesCommand;

/**
 * {@code java -jar releasewatch.jar} runs the service (with an embedded Kafka broker when no
 * bootstrap servers are configured); {@code java -jar releasewatch.jar broker} runs only the
 * embedded broker, for several service instances on one machine; {@code demo} feeds the 13 December
 * 2025 story into a running service and prints the alerts as they arrive; {@code sources check} reads a downloaded
 * sanctions list as the service would and prints what it found.
 */
@OpenAPIDefinition(info = @Info(title = "releasewatch", version = "1",
        description = "Live alerts on political-prisoner releases and sanctions changes: query API over the service's state."),
        servers = @Server(url = "/", description = "this instance (or releasewatch.public-url)"),
        security = {@SecurityRequirement(name = "readToken"), @SecurityRequirement(name = "operatorToken")})
@SecurityScheme(name = "readToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "releasewatch.api.token. Without it configured, clients on loopback (Host localhost, 127.0.0.1,"
                + " [::1] or the host of releasewatch.public-url) read without a token.")
@SecurityScheme(name = "operatorToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "a token of releasewatch.api.operators: reads everything, and is the only token that writes or reads"
                + " the watchlist and the subscriptions.")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("broker")) {
            BrokerCommand.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("demo")) {
            DemoCommand.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("sources")) {
            SourcesCommand.main(args);
            return;
        }
        ReleasewatchService.runUntilStopped(args);
    }
}
