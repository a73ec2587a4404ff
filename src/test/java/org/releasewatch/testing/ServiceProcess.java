package org.releasewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service ({@code target/releasewatch.jar}) as a child process, as an operator runs it:
 * configuration from a YAML file named by {@code MICRONAUT_CONFIG_FILES}. It can be killed without
 * any chance to clean up (SIGKILL) and started again on the same data folder.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Path config;
    private final Path log;
    private final int httpPort;
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
    private Process process;

    public ServiceProcess(Path config, Path log, int httpPort) {
        this.config = config;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** JVM options instead of the default {@code -Xmx512m}. */
    public ServiceProcess jvmOptions(List<String> options) {
        jvmOptions.clear();
        jvmOptions.addAll(options);
        return this;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int httpPort() {
        return httpPort;
    }

    public static Path jar() {
        return Path.of(System.getProperty("releasewatch.jar", "target/releasewatch.jar"));
    }

    public ServiceProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("MICRONAUT_CONFIG_FILES", config.toString());
        pb.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(httpPort));
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as in the image (Dockerfile)
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * The live heap: bytes the service's {@code /prometheus} reports in use in its heap pools other than
     * the young generation's eden, just after {@code jcmd GC.run} made it collect everything it could.
     */
    public long liveHeapBytes() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (gc.waitFor() != 0) {
                throw new IllegalStateException("jcmd GC.run failed with " + gc.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (long) Http.metric(httpPort, "jvm_memory_used_bytes{area=\"heap\"", line -> !line.contains("Eden"));
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
