package org.releasewatch.delivery;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.ScriptedReceiver;
import org.releasewatch.testing.SelfSignedTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook HTTP client against real servers on loopback, with a resolver the test controls: it resolves
 * once, checks every address, connects to the checked one, and speaks to the original host name (Host, SNI,
 * certificate check); it keeps connections open for the next request, ends an attempt at its deadline however
 * slowly the answer trickles, reads past 1xx answers, and says so when an answer's chunking is malformed.
 */
class TargetHttpTest {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json", "webhook-id", "alert-1");
    private static final byte[] BODY = "{\"id\":\"alert-1\"}".getBytes(StandardCharsets.UTF_8);
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        executor.shutdownNow();
    }

    private Receiver receiver() {
        Receiver r = new Receiver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        cleanup.add(r);
        return r;
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        cleanup.add(closeable);
        return closeable;
    }

    /** A resolver answering from {@code answers} (one list per call, the last one repeated), counting calls. */
    private static TargetHttp.Resolver resolver(AtomicInteger calls, List<List<String>> answers) {
        return host -> {
            int call = calls.getAndIncrement();
            List<String> answer = answers.get(Math.min(call, answers.size() - 1));
            if (answer.isEmpty()) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[answer.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(answer.get(i));
            }
            return out;
        };
    }

    private static int portOf(Receiver r) {
        return URI.create(r.url()).getPort();
    }

    private TargetHttp loopback(Duration deadline) throws Exception {
        return closing(new TargetHttp(TargetPolicy.permissive(), deadline, 4,
                resolver(new AtomicInteger(), List.of(List.of("127.0.0.1"))), SSLContext.getDefault()));
    }

    @Test
    void aNameIsResolvedOnceAndTheCheckedAddressIsConnectedToWithTheOriginalHost() throws Exception {
        Receiver receiver = receiver();
        receiver.answer(r -> new Receiver.Answer(429, 0, "7"));
        AtomicInteger calls = new AtomicInteger();
        // a second lookup would get an address nobody listens on: the delivery shows it never happened
        TargetHttp client = closing(new TargetHttp(TargetPolicy.permissive(), Duration.ofSeconds(2), 4,
                resolver(calls, List.of(List.of("127.0.0.1"), List.of("192.0.2.123"))), SSLContext.getDefault()));
        TargetHttp.Answer response = client.post(URI.create("http://hooks.test:" + portOf(receiver) + "/hooks/x?a=b"),
                HEADERS, BODY);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("retry-after")).contains("7");
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.headers()).containsEntry("host", "hooks.test:" + portOf(receiver))
                    .containsEntry("webhook-id", "alert-1").containsEntry("content-type", "application/json");
            assertThat(r.body()).isEqualTo("{\"id\":\"alert-1\"}");
        });
    }

    @Test
    void aNameResolvingToAPrivateAddressIsRefusedBeforeAnyConnection() throws Exception {
        Receiver receiver = receiver();
        AtomicInteger calls = new AtomicInteger();
        TargetHttp client = closing(new TargetHttp(new TargetPolicy(false, true, false), Duration.ofSeconds(2), 4,
                resolver(calls, List.of(List.of("127.0.0.1"))), SSLContext.getDefault()));
        assertThatThrownBy(() -> client.post(URI.create("http://rebind.test:" + portOf(receiver) + "/hooks/x"), HEADERS, BODY))
                .isInstanceOf(TargetHttp.TargetRefused.class)
                .hasMessage("refused: rebind.test resolves to 127.0.0.1, a loopback address; set "
                        + "releasewatch.webhooks.allow-private-networks: true to allow it");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void everyAddressOfTheAnswerIsCheckedNotOnlyTheFirst() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TargetHttp client = closing(new TargetHttp(new TargetPolicy(false, true, false), Duration.ofSeconds(2), 4,
                resolver(calls, List.of(List.of("8.8.8.8", "10.0.0.7"))), SSLContext.getDefault()));
        assertThat(client.refusal(URI.create("http://mixed.test/hook")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("10.0.0.7", "private network"));
        assertThatThrownBy(() -> client.postAsync(URI.create("http://mixed.test/hook"), HEADERS, BODY, executor).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TargetHttp.TargetRefused.class);
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        TargetHttp client = closing(new TargetHttp(new TargetPolicy(true, false, false), Duration.ofSeconds(2), 4,
                resolver(new AtomicInteger(), List.of(List.of("127.0.0.1"))), null));
        assertThatThrownBy(() -> client.post(URI.create("http://hooks.test/x"), HEADERS, BODY))
                .isInstanceOf(TargetHttp.TargetRefused.class).hasMessageContaining("allow-http");
    }

    @Test
    void overTlsTheOriginalNameIsTheSniNameAndTheNameTheCertificateMustMatch() throws Exception {
        SelfSignedTls tls = SelfSignedTls.forHost("hooks.test");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.server()));
        List<Map<String, List<String>>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            seen.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        cleanup.add(() -> server.stop(0));
        int port = server.getAddress().getPort();

        TargetHttp client = closing(new TargetHttp(TargetPolicy.permissive(), Duration.ofSeconds(2), 4,
                resolver(new AtomicInteger(), List.of(List.of("127.0.0.1"))), tls.client()));
        assertThat(client.post(URI.create("https://hooks.test:" + port + "/hooks/x"), HEADERS, BODY).status())
                .isEqualTo(204);
        assertThat(seen).singleElement().satisfies(h -> assertThat(h.get("Host")).containsExactly("hooks.test:" + port));
        // the same server under another name: its certificate does not name it, so the handshake fails
        assertThatThrownBy(() -> client.post(URI.create("https://other.test:" + port + "/hooks/x"), HEADERS, BODY))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void aBurstOf123PostsToOneHttpsReceiverReusesAHandfulOfConnections() throws Exception {
        SelfSignedTls tls = SelfSignedTls.forHost("hooks.test");
        ScriptedReceiver receiver = closing(new ScriptedReceiver(tls.server(), (head, out) -> {
            ScriptedReceiver.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            return true;
        }));
        TargetHttp client = closing(new TargetHttp(TargetPolicy.permissive(), Duration.ofSeconds(10), 4,
                resolver(new AtomicInteger(), List.of(List.of("127.0.0.1"))), tls.client()));
        List<CompletableFuture<TargetHttp.Answer>> sent = new ArrayList<>();
        for (int i = 0; i < 123; i++) {
            sent.add(client.postAsync(URI.create("https://hooks.test:" + receiver.port() + "/hooks/x"), HEADERS, BODY, executor));
        }
        assertThat(sent).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(200));
        assertThat(receiver.requests()).isEqualTo(123);
        System.out.println("connections accepted for 123 posts: " + receiver.connections());
        assertThat(receiver.connections()).as("connections accepted for 123 posts").isBetween(1, 4);
    }

    @Test
    void aReceiverTricklingItsAnswerIsCutAtTheAttemptsDeadline() throws Exception {
        // one byte every 400 ms: no single read waits as long as the 2 s deadline, the whole answer takes 15 s
        ScriptedReceiver receiver = closing(new ScriptedReceiver(null, (head, out) -> {
            for (byte b : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
                out.write(b);
                out.flush();
                Thread.sleep(400);
            }
            return false;
        }));
        TargetHttp client = loopback(Duration.ofSeconds(2));
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + receiver.port() + "/x"), HEADERS, BODY))
                .isInstanceOf(TargetHttp.DeadlinePassed.class)
                .hasMessage("no complete answer from 127.0.0.1 within 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aBodyTrickledAfterTheHeadIsCutAtTheSameDeadline() throws Exception {
        ScriptedReceiver receiver = closing(new ScriptedReceiver(null, (head, out) -> {
            ScriptedReceiver.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n");
            for (int i = 0; i < 40; i++) {
                ScriptedReceiver.write(out, "x");
                Thread.sleep(400);
            }
            return false;
        }));
        TargetHttp client = loopback(Duration.ofSeconds(2));
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + receiver.port() + "/x"), HEADERS, BODY))
                .isInstanceOf(TargetHttp.DeadlinePassed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void anEarlyHintsAnswerIsNotTakenAsTheFinalOne() throws Exception {
        ScriptedReceiver receiver = closing(new ScriptedReceiver(null, (head, out) -> {
            ScriptedReceiver.write(out, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");
            ScriptedReceiver.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return false;
        }));
        TargetHttp.Answer answer = loopback(Duration.ofSeconds(2))
                .post(URI.create("http://127.0.0.1:" + receiver.port() + "/x"), HEADERS, BODY);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ok");
    }

    @Test
    void aMalformedChunkSizeIsAnErrorThatSaysSo() throws Exception {
        ScriptedReceiver receiver = closing(new ScriptedReceiver(null, (head, out) -> {
            ScriptedReceiver.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
            return false;
        }));
        TargetHttp client = loopback(Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + receiver.port() + "/x"), HEADERS, BODY))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("malformed chunked answer from 127.0.0.1: ");
    }

    @Test
    void anAnswerLongerThanTheBoundIsReadOnlyUpToIt() throws Exception {
        ScriptedReceiver receiver = closing(new ScriptedReceiver(null, (head, out) -> {
            ScriptedReceiver.write(out, "HTTP/1.1 500 Oops\r\nContent-Length: 10000000\r\n\r\n");
            byte[] kilobyte = new byte[1024];
            java.util.Arrays.fill(kilobyte, (byte) 'a');
            for (int i = 0; i < 10_000; i++) {
                out.write(kilobyte);
            }
            return false;
        }));
        TargetHttp.Answer answer = loopback(Duration.ofSeconds(5))
                .post(URI.create("http://127.0.0.1:" + receiver.port() + "/x"), HEADERS, BODY);
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).hasSize(TargetHttp.MAX_BODY);
    }
}
