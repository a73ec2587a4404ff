package org.releasewatch.delivery;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Receiver;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook HTTP client against real servers on loopback, with a resolver the test controls: it resolves
 * once, checks every address, connects to the checked one, and speaks to the original host name (Host, SNI,
 * certificate check).
 */
class PinnedHttpClientTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
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

    /** A resolver answering from {@code answers} (one list per call, the last one repeated), counting calls. */
    private static PinnedHttpClient.Resolver resolver(AtomicInteger calls, List<List<String>> answers) {
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

    private static HttpRequest post(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("webhook-id", "alert-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"alert-1\"}")).build();
    }

    private static int portOf(Receiver r) {
        return URI.create(r.url()).getPort();
    }

    @Test
    void aNameIsResolvedOnceAndTheCheckedAddressIsConnectedToWithTheOriginalHost() throws Exception {
        Receiver receiver = receiver();
        receiver.answer(r -> new Receiver.Answer(429, 0, "7"));
        AtomicInteger calls = new AtomicInteger();
        // a second lookup would get an address nobody listens on: the delivery shows it never happened
        PinnedHttpClient client = new PinnedHttpClient(TargetPolicy.permissive(), Duration.ofSeconds(2), executor,
                resolver(calls, List.of(List.of("127.0.0.1"), List.of("192.0.2.123"))), SSLContext.getDefault());
        HttpResponse<Void> response = client.send(post("http://hooks.test:" + portOf(receiver) + "/hooks/x?a=b"),
                HttpResponse.BodyHandlers.discarding());
        assertThat(calls.get()).isEqualTo(1);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
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
        PinnedHttpClient client = new PinnedHttpClient(new TargetPolicy(false, true, false), Duration.ofSeconds(2), executor,
                resolver(calls, List.of(List.of("127.0.0.1"))), SSLContext.getDefault());
        assertThatThrownBy(() -> client.send(post("http://rebind.test:" + portOf(receiver) + "/hooks/x"),
                HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(PinnedHttpClient.TargetRefused.class)
                .hasMessage("refused: rebind.test resolves to 127.0.0.1, a loopback address; set "
                        + "releasewatch.webhooks.allow-private-networks: true to allow it");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void everyAddressOfTheAnswerIsCheckedNotOnlyTheFirst() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PinnedHttpClient client = new PinnedHttpClient(new TargetPolicy(false, true, false), Duration.ofSeconds(2), executor,
                resolver(calls, List.of(List.of("8.8.8.8", "10.0.0.7"))), SSLContext.getDefault());
        assertThat(client.refusal(URI.create("http://mixed.test/hook")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("10.0.0.7", "private network"));
        assertThatThrownBy(() -> client.sendAsync(post("http://mixed.test/hook"), HttpResponse.BodyHandlers.discarding()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(PinnedHttpClient.TargetRefused.class);
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        PinnedHttpClient client = new PinnedHttpClient(new TargetPolicy(true, false, false), Duration.ofSeconds(2), executor,
                resolver(new AtomicInteger(), List.of(List.of("127.0.0.1"))), null);
        assertThatThrownBy(() -> client.send(post("http://hooks.test/x"), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(PinnedHttpClient.TargetRefused.class).hasMessageContaining("allow-http");
    }

    @Test
    void overTlsTheOriginalNameIsTheSniNameAndTheNameTheCertificateMustMatch() throws Exception {
        Path dir = Files.createTempDirectory("pinned-tls");
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=hooks.test", "-ext", "SAN=dns:hooks.test",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverSsl = SSLContext.getInstance("TLS");
        serverSsl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(serverSsl));
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

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientSsl = SSLContext.getInstance("TLS");
        clientSsl.init(null, tmf.getTrustManagers(), null);

        PinnedHttpClient client = new PinnedHttpClient(TargetPolicy.permissive(), Duration.ofSeconds(2), executor,
                resolver(new AtomicInteger(), List.of(List.of("127.0.0.1"))), clientSsl);
        assertThat(client.send(post("https://hooks.test:" + port + "/hooks/x"), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(204);
        assertThat(seen).singleElement().satisfies(h -> assertThat(h.get("Host")).containsExactly("hooks.test:" + port));
        // the same server under another name: its certificate does not name it, so the handshake fails
        assertThatThrownBy(() -> client.send(post("https://other.test:" + port + "/hooks/x"), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(seen).hasSize(1);
    }
}
