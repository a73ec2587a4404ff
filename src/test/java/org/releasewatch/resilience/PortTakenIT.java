package org.releasewatch.resilience;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.ServiceProcess;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service, asked to start its embedded broker on a taken port, stops at once and says what to do. */
class PortTakenIT {

    @Test
    void aTakenBrokerPortStopsTheStartWithTheTwoWaysOutAndNoStackTrace() throws Exception {
        Path dir = Files.createTempDirectory("port-taken");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", ServiceProcess.jar().toAbsolutePath().toString())
                    .directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
            pb.environment().put("RELEASEWATCH_BROKER_PORT", String.valueOf(taken.getLocalPort()));
            Process process = pb.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits at once").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(output).contains("port " + taken.getLocalPort() + " is already in use",
                    "KAFKA_BOOTSTRAP_SERVERS=localhost:" + taken.getLocalPort(), "RELEASEWATCH_BROKER_PORT=")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
