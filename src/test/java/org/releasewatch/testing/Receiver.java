package org.releasewatch.testing;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real webhook receiver on loopback (JDK HttpServer). Every request is checked with the published
 * Standard Webhooks verifier ({@code com.standardwebhooks}), not with the service's own signer.
 * Its answer is programmable, and it can go down and come back on the same port.
 */
public final class Receiver implements AutoCloseable {

    /** One received request. */
    public record Received(String id, String body, Map<String, String> headers, boolean signatureValid, Instant at) {
    }

    private final String secret;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private volatile Function<Received, Answer> behaviour = r -> Answer.ok();
    private HttpServer server;

    /** What to answer. {@code delayMillis} before answering; {@code retryAfter} header if not null. */
    public record Answer(int status, long delayMillis, String retryAfter) {
        public static Answer ok() {
            return new Answer(200, 0, null);
        }

        public static Answer status(int status) {
            return new Answer(status, 0, null);
        }
    }

    public Receiver(String secret) {
        this.secret = secret;
        this.port = org.releasewatch.broker.EmbeddedKafkaBroker.freePort();
        up();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks/releasewatch";
    }

    public void answer(Function<Received, Answer> behaviour) {
        this.behaviour = behaviour;
    }

    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stops listening: attempts get "connection refused". */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Distinct alert ids received with a valid signature. */
    public List<String> deliveredIds() {
        return received.stream().filter(Received::signatureValid).map(Received::id).distinct().toList();
    }

    /**
     * Distinct alert ids received with a valid signature <em>and answered 2xx</em>: delivered in the
     * contract's sense. {@link #deliveredIds()} also counts attempts this receiver refused.
     */
    public Set<String> acceptedIds() {
        return Set.copyOf(accepted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(",", e.getValue())));
        boolean valid;
        try {
            Map<String, List<String>> forVerifier = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
            new Webhook(secret).verify(text, forVerifier);
            valid = true;
        } catch (Exception e) {
            valid = false;
        }
        Received r = new Received(headers.get("webhook-id"), text, headers, valid, Instant.now());
        received.add(r);
        Answer answer = behaviour.apply(r);
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis()); // the receiver is slow, on purpose
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
        if (valid && answer.status() / 100 == 2) {
            accepted.add(r.id());
        }
    }

    @Override
    public void close() {
        down();
    }
}
