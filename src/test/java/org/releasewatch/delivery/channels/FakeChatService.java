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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback that answers like Slack, Discord, Teams or Telegram: it checks every request
 * against the service's documented contract (required fields, sizes, card version, Telegram's HTML subset) and
 * refuses a bad one with 400 and the service's own error; it can answer the next request with 429 and the
 * service's own retry hint. Written from the services' docs, independently of the renderers' own limit checks.
 */
final class FakeChatService implements AutoCloseable {

    /** One request as received, with what the service found wrong with it (empty: valid) and its answer. */
    record Request(long atNanos, String path, String contentType, String body, JsonNode json, List<String> problems, int status) {
        boolean accepted() {
            return status / 100 == 2;
        }

        /** The alert ids this message links to. */
        List<String> alertIds() {
            List<String> ids = new ArrayList<>();
            Matcher m = ALERT_LINK.matcher(body);
            while (m.find()) {
                if (!ids.contains(m.group(1))) {
                    ids.add(m.group(1));
                }
            }
            return ids;
        }
    }

    private static final Pattern ALERT_LINK = Pattern.compile("/alerts/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    final ChannelFormat format;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean rateLimitNext = new AtomicBoolean();
    private final AtomicInteger messageIds = new AtomicInteger();

    FakeChatService(ChannelFormat format) {
        this.format = format;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL a subscription would be configured with, the way each service hands it out. */
    String url() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return switch (format) {
            case SLACK -> base + "/services/T0001/B0001/secretsecretsecret";
            case DISCORD -> base + "/api/webhooks/1234567890/secret-token";
            case TEAMS -> base + "/workflows/abc123/triggers/manual/paths/invoke?api-version=1&sig=secret";
            case TELEGRAM -> base + "/bot123456:secret/sendMessage";
            default -> throw new IllegalArgumentException(format.wire());
        };
    }

    /** The next request gets 429 with the service's own retry hint ({@link #hintMillis()}). */
    void rateLimitNext() {
        rateLimitNext.set(true);
    }

    /** The wait this service's 429 asks for: Discord's float {@code retry_after}, everyone else's whole second. */
    long hintMillis() {
        return format == ChannelFormat.DISCORD ? 600 : 1000;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> accepted() {
        return requests.stream().filter(Request::accepted).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        List<String> problems = new ArrayList<>();
        JsonNode json = null;
        if (!"POST".equals(exchange.getRequestMethod())) {
            problems.add("method " + exchange.getRequestMethod());
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            problems.add("Content-Type " + contentType);
        }
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            problems.add("not JSON");
        }
        if (json != null) {
            problems.addAll(problems(format, json, body, exchange.getRequestURI().getPath()));
        }
        int status;
        String answer;
        String type = "application/json";
        if (!problems.isEmpty()) {
            status = 400;
            answer = switch (format) {
                case SLACK -> "invalid_blocks";
                case DISCORD -> "{\"message\":\"Invalid Form Body\",\"code\":50035}";
                case TELEGRAM -> "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: " + problems.get(0).replace("\"", "'") + "\"}";
                default -> "{\"error\":\"" + problems.get(0).replace("\"", "'") + "\"}";
            };
            type = format == ChannelFormat.SLACK ? "text/plain" : type;
        } else if (rateLimitNext.compareAndSet(true, false)) {
            status = 429;
            switch (format) {
                case DISCORD -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    answer = "{\"message\":\"You are being rate limited.\",\"retry_after\":0.6,\"global\":false}";
                }
                case TELEGRAM -> answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\",\"parameters\":{\"retry_after\":1}}";
                default -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    answer = format == ChannelFormat.SLACK ? "rate_limited" : "{\"error\":\"throttled\"}";
                    type = format == ChannelFormat.SLACK ? "text/plain" : type;
                }
            }
        } else {
            switch (format) {
                case SLACK -> {
                    status = 200;
                    answer = "ok";
                    type = "text/plain";
                }
                case DISCORD -> {
                    status = 204;
                    answer = null;
                }
                case TEAMS -> {
                    status = 202;
                    answer = null;
                }
                default -> {
                    status = 200;
                    answer = "{\"ok\":true,\"result\":{\"message_id\":" + messageIds.incrementAndGet() + "}}";
                }
            }
        }
        requests.add(new Request(at, exchange.getRequestURI().getPath(), contentType, body, json, List.copyOf(problems), status));
        if (answer == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** What the service would refuse in this message body (empty: it is valid). */
    static List<String> problems(ChannelFormat format, JsonNode json, String body, String path) {
        List<String> problems = new ArrayList<>();
        switch (format) {
            case SLACK -> slack(json, problems);
            case DISCORD -> discord(json, problems);
            case TEAMS -> teams(json, body, problems);
            case TELEGRAM -> telegram(json, path, problems);
            default -> problems.add("no such service");
        }
        return problems;
    }

    // --- Slack: Block Kit reference (docs.slack.dev/reference/block-kit) -------------------------------------

    private static void slack(JsonNode m, List<String> p) {
        if (!m.path("text").isTextual() || m.path("text").asText().isBlank()) {
            p.add("text: the notification fallback is required with blocks");
        } else if (m.path("text").asText().length() > 40_000) {
            p.add("text longer than 40000");
        }
        JsonNode blocks = m.path("blocks");
        if (!blocks.isArray() || blocks.isEmpty() || blocks.size() > 50) {
            p.add("blocks: 1 to 50 required, got " + blocks.size());
        }
        for (JsonNode b : blocks) {
            switch (b.path("type").asText()) {
                case "header" -> slackText(b.path("text"), 150, Set.of("plain_text"), "header.text", p);
                case "section" -> {
                    if (!b.has("text") && !b.has("fields")) {
                        p.add("section: text or fields required");
                    }
                    if (b.has("text")) {
                        slackText(b.path("text"), 3000, Set.of("plain_text", "mrkdwn"), "section.text", p);
                    }
                    if (b.has("fields")) {
                        if (b.path("fields").size() > 10 || b.path("fields").isEmpty()) {
                            p.add("section.fields: 1 to 10, got " + b.path("fields").size());
                        }
                        b.path("fields").forEach(f -> slackText(f, 2000, Set.of("plain_text", "mrkdwn"), "section.fields[]", p));
                    }
                    if (b.has("accessory")) {
                        JsonNode a = b.path("accessory");
                        if (!a.path("type").asText().equals("button")) {
                            p.add("accessory: only buttons expected");
                        }
                        slackText(a.path("text"), 75, Set.of("plain_text"), "button.text", p);
                        if (a.path("url").asText().length() > 3000 || !a.path("url").asText().startsWith("http")) {
                            p.add("button.url");
                        }
                        if (a.path("action_id").asText().length() > 255) {
                            p.add("button.action_id");
                        }
                    }
                }
                case "context" -> {
                    if (b.path("elements").isEmpty() || b.path("elements").size() > 10) {
                        p.add("context.elements: 1 to 10");
                    }
                    b.path("elements").forEach(e -> slackText(e, 3000, Set.of("plain_text", "mrkdwn"), "context.elements[]", p));
                }
                case "divider" -> { }
                default -> p.add("unknown block type " + b.path("type").asText());
            }
        }
    }

    private static void slackText(JsonNode t, int max, Set<String> types, String where, List<String> p) {
        if (!types.contains(t.path("type").asText())) {
            p.add(where + ": type " + t.path("type").asText() + " not allowed");
        }
        String s = t.path("text").asText("");
        if (s.isEmpty() || s.length() > max) {
            p.add(where + ": text of " + s.length() + " characters (1 to " + max + ")");
        }
    }

    // --- Discord: Execute Webhook, Embed limits ---------------------------------------------------------------

    private static void discord(JsonNode m, List<String> p) {
        String content = m.path("content").asText("");
        if (content.length() > 2000) {
            p.add("content longer than 2000: " + content.length());
        }
        JsonNode embeds = m.path("embeds");
        if (content.isEmpty() && embeds.isEmpty()) {
            p.add("content or embeds required");
        }
        if (embeds.size() > 10) {
            p.add("more than 10 embeds");
        }
        int total = 0;
        for (JsonNode e : embeds) {
            total += limit(e.path("title"), 256, "embed.title", p) + limit(e.path("description"), 4096, "embed.description", p)
                    + limit(e.path("footer").path("text"), 2048, "embed.footer.text", p) + limit(e.path("author").path("name"), 256, "embed.author.name", p);
            if (e.path("fields").size() > 25) {
                p.add("more than 25 fields");
            }
            for (JsonNode f : e.path("fields")) {
                if (f.path("name").asText("").isEmpty() || f.path("value").asText("").isEmpty()) {
                    p.add("field name and value required");
                }
                total += limit(f.path("name"), 256, "field.name", p) + limit(f.path("value"), 1024, "field.value", p);
            }
            if (e.has("color") && (!e.path("color").canConvertToInt() || e.path("color").asInt() < 0 || e.path("color").asInt() > 0xFFFFFF)) {
                p.add("color must be an integer 0..0xFFFFFF");
            }
        }
        if (total > 6000) {
            p.add("embeds total " + total + " > 6000");
        }
        JsonNode mentions = m.path("allowed_mentions");
        if (!mentions.isMissingNode()) {
            for (JsonNode kind : mentions.path("parse")) {
                if (!Set.of("roles", "users", "everyone").contains(kind.asText())) {
                    p.add("allowed_mentions.parse: " + kind);
                }
            }
        }
    }

    private static int limit(JsonNode n, int max, String where, List<String> p) {
        int length = n.asText("").length();
        if (length > max) {
            p.add(where + " longer than " + max + ": " + length);
        }
        return length;
    }

    // --- Teams: workflow webhook message with an Adaptive Card ------------------------------------------------

    private static void teams(JsonNode m, String body, List<String> p) {
        if (body.getBytes(StandardCharsets.UTF_8).length > 28 * 1024) {
            p.add("message larger than 28 KB");
        }
        if (!m.path("type").asText().equals("message")) {
            p.add("type must be message");
        }
        if (!m.path("attachments").isArray() || m.path("attachments").isEmpty()) {
            p.add("attachments required");
        }
        for (JsonNode a : m.path("attachments")) {
            if (!a.path("contentType").asText().equals("application/vnd.microsoft.card.adaptive")) {
                p.add("contentType " + a.path("contentType").asText());
            }
            JsonNode card = a.path("content");
            if (!card.path("type").asText().equals("AdaptiveCard")) {
                p.add("content.type must be AdaptiveCard");
            }
            if (!card.path("$schema").asText().contains("adaptive-card")) {
                p.add("$schema missing");
            }
            String[] v = card.path("version").asText("0").split("\\.");
            if (v.length != 2 || Integer.parseInt(v[0]) < 1 || (Integer.parseInt(v[0]) == 1 && Integer.parseInt(v[1]) < 4)) {
                p.add("version " + card.path("version").asText() + " is below 1.4");
            }
            if (card.path("body").isEmpty()) {
                p.add("body is empty");
            }
            for (JsonNode e : card.path("body")) {
                switch (e.path("type").asText()) {
                    case "TextBlock" -> need(e.path("text"), "TextBlock.text", p);
                    case "RichTextBlock" -> e.path("inlines").forEach(i -> {
                        if (!i.path("type").asText().equals("TextRun")) {
                            p.add("inline type " + i.path("type").asText());
                        }
                        need(i.path("text"), "TextRun.text", p);
                    });
                    case "FactSet" -> e.path("facts").forEach(f -> {
                        need(f.path("title"), "Fact.title", p);
                        need(f.path("value"), "Fact.value", p);
                    });
                    default -> p.add("element " + e.path("type").asText() + " not expected");
                }
            }
            for (JsonNode action : card.path("actions")) {
                if (!action.path("type").asText().equals("Action.OpenUrl") || !action.path("url").asText().startsWith("http")) {
                    p.add("action must be Action.OpenUrl with an absolute url");
                }
            }
        }
    }

    private static void need(JsonNode n, String where, List<String> p) {
        if (!n.isTextual() || n.asText().isEmpty()) {
            p.add(where + " required");
        }
    }

    // --- Telegram: sendMessage, HTML style --------------------------------------------------------------------

    private static final Set<String> TELEGRAM_TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
            "a", "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji");

    private static void telegram(JsonNode m, String path, List<String> p) {
        if (!path.endsWith("/sendMessage")) {
            p.add("method " + path);
        }
        if (!m.path("chat_id").isNumber() && !m.path("chat_id").asText().startsWith("@")) {
            p.add("chat_id required (integer or @channelusername)");
        }
        if (!m.path("parse_mode").asText().equals("HTML")) {
            p.add("parse_mode " + m.path("parse_mode").asText());
        }
        String visible = telegramVisibleText(m.path("text").asText(""), p);
        if (visible.isEmpty() || visible.length() > 4096) {
            p.add("message text is " + visible.length() + " characters after entities parsing (1 to 4096)");
        }
    }

    /** The text a Telegram user sees: tags of the supported subset removed, the four named entities and numeric ones decoded. */
    static String telegramVisibleText(String html, List<String> p) {
        StringBuilder out = new StringBuilder();
        List<String> open = new ArrayList<>();
        for (int i = 0; i < html.length(); ) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    p.add("Can't parse entities: unclosed start tag at byte offset " + i);
                    return out.toString();
                }
                String tag = html.substring(i + 1, end);
                boolean closing = tag.startsWith("/");
                String name = (closing ? tag.substring(1) : tag).split("[\\s]", 2)[0];
                if (!TELEGRAM_TAGS.contains(name)) {
                    p.add("Can't parse entities: unsupported start tag \"" + name + "\"");
                }
                if (closing) {
                    if (open.isEmpty() || !open.remove(open.size() - 1).equals(name)) {
                        p.add("Can't parse entities: unmatched end tag " + name);
                    }
                } else {
                    open.add(name);
                }
                i = end + 1;
            } else if (c == '&') {
                int end = html.indexOf(';', i);
                String entity = end < 0 ? "" : html.substring(i, end + 1);
                switch (entity) {
                    case "&lt;" -> out.append('<');
                    case "&gt;" -> out.append('>');
                    case "&amp;" -> out.append('&');
                    case "&quot;" -> out.append('"');
                    default -> {
                        if (entity.matches("&#[0-9]+;")) {
                            out.appendCodePoint(Integer.parseInt(entity.substring(2, entity.length() - 1)));
                        } else {
                            p.add("Can't parse entities: unsupported entity " + (entity.isEmpty() ? "&" : entity));
                            entity = "&";
                        }
                    }
                }
                i += Math.max(1, entity.length());
            } else {
                out.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            p.add("Can't parse entities: unclosed " + open);
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
