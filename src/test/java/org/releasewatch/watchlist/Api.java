package org.releasewatch.watchlist;

import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The watchlist API as a client calls it over real HTTP: writes too, with a content type, each request with
 * the test's operator token (which the access filter requires for writes, and which records its name).
 */
final class Api {

    static final String OPERATOR = "test-operator";
    static final String OPERATOR_TOKEN = "watchlist-test-operator-token";

    /** The name a write of this client is recorded under: its operator's, as the access filter records the caller. */
    static final List<String> RECORDED = List.of(OPERATOR);

    /** Service properties declaring the test's operator (contract v1.1: {@code releasewatch.api.operators}). */
    static Map<String, Object> withOperator(Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>(properties);
        p.put("releasewatch.api.operators", List.of(Map.of("name", OPERATOR, "token", OPERATOR_TOKEN)));
        return p;
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    Api(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode json(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.read(r.body(), JsonNode.class);
    }

    HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + OPERATOR_TOKEN);
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode body(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }
}
