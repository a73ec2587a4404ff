package org.releasewatch.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A publisher of one list on loopback, as the official sites behave: the current document with its ETag, and
 * {@code 304 Not Modified} to a conditional GET whose {@code If-None-Match} is that ETag.
 */
public final class ListServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String ifNoneMatch, int status) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile byte[] body = new byte[0];
    private volatile String etag = "\"0\"";
    private volatile int status = 200;
    private volatile String redirect;

    public ListServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    /** Serves {@code document} from now on, under ETag {@code etag}. */
    public void serve(String document, String etag) {
        serve(document.getBytes(StandardCharsets.UTF_8), etag);
    }

    public void serve(byte[] document, String etag) {
        this.body = document;
        this.etag = "\"" + etag + "\"";
        this.status = 200;
        this.redirect = null;
    }

    /** Answers every request with {@code 302 Found} to {@code location}. */
    public void redirect(String location) {
        this.redirect = location;
    }

    /** Answers every request with {@code status} and an empty body (an outage). */
    public void fail(int status) {
        this.status = status;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            byte[] document = body;
            String tag = etag;
            String location = redirect;
            if (location != null) {
                requests.add(new Request(ifNoneMatch, 302));
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (status != 200) {
                requests.add(new Request(ifNoneMatch, status));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            if (tag.equals(ifNoneMatch)) {
                requests.add(new Request(ifNoneMatch, 304));
                exchange.getResponseHeaders().set("ETag", tag);
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            requests.add(new Request(ifNoneMatch, 200));
            exchange.getResponseHeaders().set("ETag", tag);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, document.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
