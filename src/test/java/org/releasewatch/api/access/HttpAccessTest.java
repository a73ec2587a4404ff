package org.releasewatch.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.json.Json;
import org.releasewatch.testing.TestService;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP access of a running service in both modes, with requests from loopback and from this machine's own
 * non-loopback address (the server sees that address as the peer, exactly like a client elsewhere).
 */
class HttpAccessTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ReleasewatchService open;     // no read token, one operator
    private static ReleasewatchService guarded;  // read token and two operators

    @BeforeAll
    static void start() {
        Map<String, Object> openProps = new HashMap<>(TestService.properties(TestService.uniqueTopics(), TestService.tempDir()));
        openProps.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", "alice-token")));
        open = TestService.start(openProps);
        Map<String, Object> guardedProps = new HashMap<>(TestService.properties(TestService.uniqueTopics(), TestService.tempDir()));
        guardedProps.put("releasewatch.api.token", "read-token");
        guardedProps.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", "alice-token"),
                Map.of("name", "bob", "token", "bob-token")));
        guarded = TestService.start(guardedProps);
        for (ReleasewatchService s : List.of(open, guarded)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "localhost", s.httpPort(), "/health", null).statusCode() == 200);
        }
    }

    @AfterAll
    static void stop() {
        if (open != null) {
            open.close();
        }
        if (guarded != null) {
            guarded.close();
        }
    }

    /** An IPv4 address of this machine that is not loopback (the test needs one to be a "remote" client). */
    static Optional<String> ownNonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    private static String remoteHost() {
        Optional<String> address = ownNonLoopbackAddress();
        if (address.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but this machine has no non-loopback IPv4 address: the remote-client"
                    + " checks cannot run, so they fail rather than skip");
        }
        assumeThat(address).as("a non-loopback IPv4 address on this machine").isPresent();
        return address.get();
    }

    /**
     * A raw HTTP/1.1 request to {@code connectTo:port} whose {@code Host} (and other headers) are exactly as given:
     * {@link HttpClient} does not let a caller set {@code Host}, a browser after DNS rebinding does.
     */
    static RawResponse raw(String method, String connectTo, int port, String path, String host, Map<String, String> headers) {
        try (java.net.Socket socket = new java.net.Socket(connectTo, port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            boolean body = !method.equals("GET");
            if (body) {
                request.append("Content-Type: application/json\r\nContent-Length: 2\r\n");
            }
            request.append("\r\n").append(body ? "{}" : "");
            socket.getOutputStream().write(request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String statusLine = all.substring(0, all.indexOf("\r\n"));
            int split = all.indexOf("\r\n\r\n");
            return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), all.substring(0, Math.max(split, 0)),
                    split < 0 ? "" : all.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record RawResponse(int status, String head, String body) {
    }

    static HttpResponse<String> send(String method, String host, int port, String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String detail(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class).path("detail").asText();
    }

    @Test
    void withoutAReadTokenLoopbackReadsAndAnyoneElseGets403NamingTheSetting() {
        int port = open.httpPort();
        assertThat(send("GET", "localhost", port, "/api/alerts", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "localhost", port, "/prometheus", null).statusCode()).isEqualTo(200);
        String remote = remoteHost();
        HttpResponse<String> refused = send("GET", remote, port, "/api/alerts", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(detail(refused)).contains("releasewatch.api.token");
        assertThat(send("GET", remote, port, "/api/webhooks", null).statusCode()).isEqualTo(403);
        assertThat(send("GET", remote, port, "/prometheus", null).statusCode()).isEqualTo(403);
        assertThat(send("GET", remote, port, "/api/alerts", "alice-token").statusCode()).as("an operator token reads from anywhere").isEqualTo(200);
        assertThat(send("GET", remote, port, "/", null).statusCode()).as("the page itself holds no data").isEqualTo(200);
    }

    @Test
    void writesNeedAnOperatorTokenEvenOnLoopback() {
        int port = open.httpPort();
        HttpResponse<String> anonymous = send("POST", "localhost", port, "/api/alerts", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(detail(anonymous)).contains("releasewatch.api.operators");
        assertThat(send("DELETE", "localhost", port, "/api/alerts/x", "wrong").statusCode()).isEqualTo(401);
        // past the filter: no write endpoint takes POST /api/alerts, so the router answers
        assertThat(send("POST", "localhost", port, "/api/alerts", "alice-token").statusCode()).isNotIn(401, 403);
        assertThat(send("POST", "localhost", guarded.httpPort(), "/api/alerts", "read-token").statusCode()).isEqualTo(403);
        assertThat(send("POST", "localhost", guarded.httpPort(), "/api/alerts", "bob-token").statusCode()).isNotIn(401, 403);
    }

    @Test
    void withAReadTokenEveryReadNeedsATokenFromAnywhere() throws Exception {
        int port = guarded.httpPort();
        HttpResponse<String> none = send("GET", "localhost", port, "/api/alerts", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send("GET", "localhost", port, "/api/alerts", "wrong").statusCode()).isEqualTo(401);
        assertThat(send("GET", "localhost", port, "/api/alerts", "read-token").statusCode()).isEqualTo(200);
        assertThat(send("GET", "localhost", port, "/api/alerts", "bob-token").statusCode()).isEqualTo(200);
        assertThat(send("GET", "localhost", port, "/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "localhost", port, "/prometheus", "read-token").statusCode()).isEqualTo(200);
        assertThat(send("GET", remoteHost(), port, "/api/alerts", "read-token").statusCode()).isEqualTo(200);
        // the query parameter only where headers cannot be set: the SSE stream
        assertThat(send("GET", "localhost", port, "/api/alerts?access_token=read-token", null).statusCode()).isEqualTo(401);
        HttpResponse<InputStream> stream = CLIENT.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/alerts/stream?access_token=read-token")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
        try (InputStream body = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void healthAnswersEveryoneButShowsDetailsOnlyToTokenHoldersAndLoopback() {
        String remote = remoteHost();
        HttpResponse<String> anonymous = send("GET", remote, open.httpPort(), "/health", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(Json.read(anonymous.body(), JsonNode.class).has("details")).isFalse();
        assertThat(anonymous.body()).doesNotContain("bootstrap");
        JsonNode local = Json.read(send("GET", "localhost", open.httpPort(), "/health", null).body(), JsonNode.class);
        assertThat(local.path("details").path("kafka").path("details").has("bootstrapServers")).isTrue();
        assertThat(local.path("details").path("alertFeed").path("status").asText()).isEqualTo("UP");
        assertThat(local.path("details").path("alertFeed").path("details").path("reading").asBoolean()).isTrue();
        assertThat(Json.read(send("GET", remote, guarded.httpPort(), "/health", null).body(), JsonNode.class).has("details")).isFalse();
        assertThat(Json.read(send("GET", "localhost", guarded.httpPort(), "/health", "wrong").body(), JsonNode.class).has("details")).isFalse();
        assertThat(Json.read(send("GET", remote, guarded.httpPort(), "/health", "read-token").body(), JsonNode.class).has("details")).isTrue();
    }

    @Test
    void theDashboardAndTheApiCarryTheSecurityHeaders() {
        for (String path : List.of("/", "/app.js", "/api/alerts")) {
            HttpResponse<String> response = send("GET", "localhost", open.httpPort(), path, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-security-policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "frame-ancestors 'none'", "script-src 'self'").doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("x-content-type-options")).contains("nosniff");
            assertThat(response.headers().firstValue("referrer-policy")).contains("no-referrer");
        }
    }

    @Test
    void withoutAReadTokenAForeignHostIsRefusedSoDnsRebindingReadsNothing() {
        int port = open.httpPort();
        RawResponse rebound = raw("GET", "127.0.0.1", port, "/api/watchlist/export", "evil.example:8080", Map.of());
        assertThat(rebound.status()).as("Host evil.example on loopback: %s", rebound.body()).isEqualTo(403);
        assertThat(rebound.body()).contains("Host");
        assertThat(raw("GET", "127.0.0.1", port, "/api/alerts", "evil.example", Map.of()).status()).isEqualTo(403);
        assertThat(raw("GET", "127.0.0.1", port, "/metrics", "evil.example:" + port, Map.of()).status()).isEqualTo(403);
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "localhost", "LOCALHOST:" + port)) {
            assertThat(raw("GET", "127.0.0.1", port, "/api/alerts", host, Map.of()).status()).as(host).isEqualTo(200);
        }
        // the pages and /health's status hold no data: open whatever the Host
        assertThat(raw("GET", "127.0.0.1", port, "/", "evil.example", Map.of()).status()).isEqualTo(200);
        RawResponse health = raw("GET", "127.0.0.1", port, "/health", "evil.example", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("details");
        // a token is no ambient authority a rebinding page could borrow
        assertThat(raw("GET", "127.0.0.1", port, "/api/alerts", "evil.example", Map.of("Authorization", "Bearer alice-token"))
                .status()).isEqualTo(200);
    }

    @Test
    void publicUrlsHostIsAcceptedWithoutAReadToken() {
        Map<String, Object> props = new HashMap<>(TestService.properties(TestService.uniqueTopics(), TestService.tempDir()));
        props.put("releasewatch.public-url", "https://alerts.example.org/rw");
        try (ReleasewatchService s = TestService.start(props)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "localhost", s.httpPort(), "/health", null).statusCode() == 200);
            assertThat(raw("GET", "127.0.0.1", s.httpPort(), "/api/alerts", "alerts.example.org", Map.of()).status()).isEqualTo(200);
            assertThat(raw("GET", "127.0.0.1", s.httpPort(), "/api/alerts", "alerts.example.org.evil.example", Map.of()).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void aWriteFromABrowserWithAForeignOriginIsRefused() {
        int port = open.httpPort();
        Map<String, String> operator = Map.of("Authorization", "Bearer alice-token", "Origin", "http://evil.example");
        assertThat(raw("POST", "127.0.0.1", port, "/api/alerts", "localhost:" + port, operator).status()).isEqualTo(403);
        String remote = remoteHost();
        RawResponse refused = raw("POST", remote, guarded.httpPort(), "/api/silences", remote + ":" + guarded.httpPort(),
                Map.of("Authorization", "Bearer bob-token", "Origin", "http://evil.example"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("Origin http://evil.example");
        assertThat(raw("POST", remote, guarded.httpPort(), "/api/silences", remote + ":" + guarded.httpPort(),
                Map.of("Authorization", "Bearer bob-token", "Origin", "http://" + remote + ":" + guarded.httpPort())).status())
                .as("same origin").isNotIn(401, 403);
        assertThat(raw("POST", "127.0.0.1", port, "/api/alerts", "localhost:" + port,
                Map.of("Authorization", "Bearer alice-token", "Origin", "null")).status()).isEqualTo(403);
        assertThat(raw("POST", "127.0.0.1", port, "/api/alerts", "localhost:" + port,
                Map.of("Authorization", "Bearer alice-token", "Origin", "http://localhost:" + port)).status()).isNotIn(401, 403);
        assertThat(raw("POST", "127.0.0.1", port, "/api/alerts", "localhost:" + port,
                Map.of("Authorization", "Bearer alice-token")).status()).as("no Origin: not a browser").isNotIn(401, 403);
        assertThat(raw("POST", "127.0.0.1", guarded.httpPort(), "/api/alerts", "localhost:" + guarded.httpPort(),
                Map.of("Authorization", "Bearer bob-token", "Origin", "https://evil.example")).status()).isEqualTo(403);
    }

    @Test
    void metricsAndManagementEndpointsAreUnderTheAccessRule() {
        int port = open.httpPort();
        assertThat(send("GET", "localhost", port, "/metrics", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "localhost", port, "/metrics/jvm.memory.used", null).statusCode()).isEqualTo(200);
        String remote = remoteHost();
        for (String path : List.of("/metrics", "/metrics/jvm.memory.used", "/prometheus", "/beans", "/info", "/routes",
                "/loggers", "/env", "/threaddump", "/caches", "/refresh", "/stop")) {
            HttpResponse<String> response = send("GET", remote, port, path, null);
            assertThat(response.statusCode()).as("GET %s from %s: %s", path, remote, response.body()).isIn(401, 403, 404, 405);
            assertThat(send("POST", remote, port, path, null).statusCode()).as("POST %s", path).isIn(401, 403, 404, 405);
        }
        assertThat(send("GET", remote, port, "/metrics", null).statusCode()).isEqualTo(403);
        assertThat(send("GET", remote, port, "/metrics/jvm.memory.used", null).statusCode()).isEqualTo(403);
        assertThat(send("GET", remote, guarded.httpPort(), "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", remote, guarded.httpPort(), "/metrics", "read-token").statusCode()).isEqualTo(200);
        // the pages stay open from anywhere
        for (String path : List.of("/", "/app.js", "/style.css", "/watchlist.html", "/silences", "/watchlist.js")) {
            assertThat(send("GET", remote, port, path, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void watchlistAndSubscriptionReadsNeedAnOperatorToken() {
        int port = guarded.httpPort();
        for (String path : List.of("/api/watchlist", "/api/watchlist/export", "/api/watchlist/viasna:1", "/api/subscriptions",
                "/api/subscriptions/sub_x")) {
            HttpResponse<String> reader = send("GET", "localhost", port, path, "read-token");
            assertThat(reader.statusCode()).as("%s with the read token", path).isEqualTo(403);
            assertThat(detail(reader)).contains("releasewatch.api.operators");
            assertThat(send("GET", "localhost", port, path, "alice-token").statusCode()).as(path).isNotIn(401, 403);
            assertThat(send("GET", "localhost", open.httpPort(), path, null).statusCode()).as("%s anonymous on loopback", path)
                    .isEqualTo(401);
        }
        assertThat(send("GET", "localhost", port, "/api/alerts", "read-token").statusCode()).isEqualTo(200);
    }

    @Test
    void theExportAnswersCsvWhateverElseAcceptLists() {
        int port = guarded.httpPort();
        for (String accept : List.of("application/json, text/csv", "application/json", "*/*", "text/csv")) {
            RawResponse export = raw("GET", "127.0.0.1", port, "/api/watchlist/export", "localhost:" + port,
                    Map.of("Authorization", "Bearer alice-token", "Accept", accept));
            assertThat(export.status()).as("Accept: %s → %s", accept, export.body()).isEqualTo(200);
            assertThat(export.head().toLowerCase(java.util.Locale.ROOT)).as(accept).contains("content-type: text/csv");
        }
    }

    @Test
    void aBlankTokenStopsTheStartNamingTheSetting() {
        Map<String, Object> props = new HashMap<>(TestService.properties(TestService.uniqueTopics(), TestService.tempDir()));
        props.put("releasewatch.api.token", "   ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestService.start(props).close())
                .hasStackTraceContaining("releasewatch.api.token: is blank");
        Map<String, Object> duplicate = new HashMap<>(TestService.properties(TestService.uniqueTopics(), TestService.tempDir()));
        duplicate.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", "t1"), Map.of("name", "bob", "token", "t1")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestService.start(duplicate).close())
                .hasStackTraceContaining("releasewatch.api.operators[1].token: is already used");
    }
}
