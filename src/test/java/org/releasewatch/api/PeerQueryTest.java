package org.releasewatch.api;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.api.access.PeerProof;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Instance-to-instance queries ({@link ApiRouting}) against a real HTTP server on loopback standing in for
 * another member of the Kafka group: the question carries the peer token and a nonce, never a caller's token,
 * and an answer without the proof of the peer token is not used.
 */
class PeerQueryTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** A "peer" that answers {@code {}} and, when {@code proofToken} is not null, the proof made with it. */
    private HostInfo peer(String proofToken) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String nonce = exchange.getRequestHeaders().getFirst(PeerProof.NONCE_HEADER);
            if (proofToken != null && nonce != null) {
                exchange.getResponseHeaders().add(PeerProof.PROOF_HEADER, PeerProof.proof(proofToken, nonce));
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aPeerThatProvesThePeerTokenIsAskedWithThePeerTokenOnly() throws IOException {
        HostInfo host = peer("peer-secret");
        ApiRouting routing = new ApiRouting(null, "localhost", 1, "peer-secret");
        assertThat(routing.ask(host, "/api/alerts?local=true")).isEqualTo("{}");
        assertThat(authorizations).containsExactly("Bearer peer-secret");
    }

    @Test
    void anAnswerWithoutProofOfThePeerTokenIsRefused() throws IOException {
        HostInfo host = peer(null);
        ApiRouting routing = new ApiRouting(null, "localhost", 1, "peer-secret");
        assertThatThrownBy(() -> routing.ask(host, "/api/alerts?local=true"))
                .isInstanceOf(ApiRouting.InstanceUnavailable.class).hasMessageContaining("releasewatch.api.peer-token");
    }

    @Test
    void anAnswerProvedWithAnotherTokenIsRefused() throws IOException {
        HostInfo host = peer("someone-elses-token");
        ApiRouting routing = new ApiRouting(null, "localhost", 1, "peer-secret");
        assertThatThrownBy(() -> routing.ask(host, "/api/alerts?local=true"))
                .isInstanceOf(ApiRouting.InstanceUnavailable.class).hasMessageContaining("without proof");
    }

    @Test
    void withoutAPeerTokenNobodyIsAskedAndNoTokenLeaves() throws IOException {
        HostInfo host = peer("peer-secret");
        ApiRouting routing = new ApiRouting(null, "localhost", 1, null);
        assertThatThrownBy(() -> routing.ask(host, "/api/alerts?local=true"))
                .isInstanceOf(ApiRouting.InstanceUnavailable.class).hasMessageContaining("releasewatch.api.peer-token");
        assertThat(authorizations).isEmpty();
    }
}
