package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.releasewatch.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that answers like PagerDuty's Events API v2 ({@code POST /v2/enqueue}), written
 * from PagerDuty's docs ("Send an Alert Event", "Events API v2 Overview"): it checks {@code routing_key} (the one
 * it was given, to the letter), {@code event_action} (trigger, acknowledge, resolve), {@code dedup_key} (≤ 255) and,
 * for a trigger, {@code payload.summary} (1–1024 characters), {@code payload.severity} (critical, error, warning,
 * info) and {@code payload.source}; a bad event gets 400 with PagerDuty's error shape
 * {@code {status: "invalid event", message: "Event object is invalid", errors: [...]}}, a good one 202
 * {@code {status: "success", message: "Event processed", dedup_key}}. It keeps PagerDuty's alert per dedup key: a
 * trigger opens it or adds to the open one, a resolve resolves it, and a trigger after a resolve opens a new one.
 * Answers can be scripted (429, 500) for the next requests.
 */
final class FakePagerDuty implements AutoCloseable {

    record Request(String path, String body, JsonNode json, List<String> problems, int status) {
    }

    /** One PagerDuty alert: its dedup key, the summaries of its triggers, and whether it was resolved. */
    record Incident(String dedupKey, List<String> summaries, boolean resolved) {
    }

    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    private final String routingKey;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scripted = new ConcurrentLinkedDeque<>();
    private final List<Incident> incidents = new ArrayList<>();

    FakePagerDuty(String routingKey) {
        this.routingKey = routingKey;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
    }

    /** The next requests get these statuses (429: PagerDuty's throttle; 5xx: its outage), whatever they hold. */
    void answerNext(int... statuses) {
        for (int s : statuses) {
            scripted.add(s);
        }
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> accepted() {
        return requests.stream().filter(r -> r.status() == 202).toList();
    }

    synchronized List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        JsonNode json = null;
        if (!"POST".equals(exchange.getRequestMethod()) || !"/v2/enqueue".equals(exchange.getRequestURI().getPath())) {
            problems.add("not POST /v2/enqueue: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            problems.add("Content-Type " + contentType);
        }
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            problems.add("not JSON");
        }
        if (json != null) {
            problems.addAll(problems(json));
        }
        Integer forced = scripted.poll();
        int status = forced != null ? forced : problems.isEmpty() ? 202 : 400;
        Map<String, Object> answer = new LinkedHashMap<>();
        if (status == 202) {
            answer.put("status", "success");
            answer.put("message", "Event processed");
            answer.put("dedup_key", json.path("dedup_key").asText());
            apply(json);
        } else if (status == 400) {
            answer.put("status", "invalid event");
            answer.put("message", "Event object is invalid");
            answer.put("errors", problems);
        } else if (status == 429) {
            answer.put("status", "throttle event");
            answer.put("message", "Requests for this service are arriving too quickly. Please retry later.");
        } else {
            answer.put("status", "error");
            answer.put("message", "Internal server error");
        }
        requests.add(new Request(exchange.getRequestURI().getPath(), body, json, List.copyOf(problems), status));
        byte[] out = Json.bytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private List<String> problems(JsonNode json) {
        List<String> problems = new ArrayList<>();
        if (!routingKey.equals(json.path("routing_key").asText(null))) {
            problems.add("Length of 'routing_key' is incorrect, or it names no integration");
        }
        String action = json.path("event_action").asText(null);
        if (action == null || !ACTIONS.contains(action)) {
            problems.add("'event_action' is invalid (must be one of trigger, acknowledge, resolve)");
        }
        JsonNode dedup = json.get("dedup_key");
        if (dedup == null || !dedup.isTextual() || dedup.asText().isEmpty() || dedup.asText().length() > 255) {
            problems.add("'dedup_key' is missing or longer than 255 characters");
        }
        if ("trigger".equals(action)) {
            JsonNode payload = json.path("payload");
            String summary = payload.path("summary").isTextual() ? payload.path("summary").asText() : null;
            if (summary == null || summary.isBlank() || summary.length() > 1024) {
                problems.add("'payload.summary' is missing or longer than 1024 characters");
            }
            if (!SEVERITIES.contains(payload.path("severity").asText(""))) {
                problems.add("'payload.severity' is invalid (must be one of critical, error, warning, info)");
            }
            if (!payload.path("source").isTextual() || payload.path("source").asText().isBlank()) {
                problems.add("'payload.source' is missing");
            }
            if (payload.has("timestamp")) {
                try {
                    OffsetDateTime.parse(payload.path("timestamp").asText());
                } catch (DateTimeParseException e) {
                    problems.add("'payload.timestamp' is not an ISO 8601 time");
                }
            }
            if (payload.has("custom_details") && !payload.get("custom_details").isObject()) {
                problems.add("'payload.custom_details' must be an object");
            }
            for (JsonNode link : json.path("links")) {
                if (!link.path("href").isTextual()) {
                    problems.add("'links' entries need an href");
                }
            }
        }
        return problems;
    }

    private synchronized void apply(JsonNode event) {
        String key = event.path("dedup_key").asText();
        int open = -1;
        for (int i = 0; i < incidents.size(); i++) {
            if (incidents.get(i).dedupKey().equals(key) && !incidents.get(i).resolved()) {
                open = i;
            }
        }
        switch (event.path("event_action").asText()) {
            case "trigger" -> {
                String summary = event.path("payload").path("summary").asText();
                if (open < 0) {
                    incidents.add(new Incident(key, List.of(summary), false));
                } else {
                    List<String> summaries = new ArrayList<>(incidents.get(open).summaries());
                    summaries.add(summary);
                    incidents.set(open, new Incident(key, List.copyOf(summaries), false));
                }
            }
            case "resolve" -> {
                if (open >= 0) { // PagerDuty drops a resolve with no open alert
                    incidents.set(open, new Incident(key, incidents.get(open).summaries(), true));
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
