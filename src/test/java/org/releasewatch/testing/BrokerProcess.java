package org.releasewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of a KRaft cluster as an operator runs it: {@code java -jar releasewatch.jar broker} with its node id,
 * port, the quorum's voters and cluster id, as a child process that can be killed (SIGKILL) and started again on
 * its data folder.
 */
public final class BrokerProcess implements AutoCloseable {

    private final int nodeId;
    private final int port;
    private final String voters;
    private final String clusterId;
    private final Path dataDir;
    private final Path log;
    private Process process;

    public BrokerProcess(int nodeId, int port, String voters, String clusterId, Path dataDir) {
        this.nodeId = nodeId;
        this.port = port;
        this.voters = voters;
        this.clusterId = clusterId;
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling("broker-" + nodeId + ".log");
    }

    public int nodeId() {
        return nodeId;
    }

    public int port() {
        return port;
    }

    public BrokerProcess start() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", ServiceProcess.jar().toString(), "broker",
                "--node-id", String.valueOf(nodeId), "--port", String.valueOf(port),
                "--controller-quorum-voters", voters, "--cluster-id", clusterId, "--data-dir", dataDir.toString()));
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no controlled shutdown, no leadership hand-over. */
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
        if (isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
