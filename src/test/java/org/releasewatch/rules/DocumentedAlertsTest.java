package org.releasewatch.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.delivery.WebhookSigner;
import org.releasewatch.demo.December13Story;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert examples of the docs are what the topology really writes for the 13 December story (the input the
 * demo feeds), not a hand copy: every alert JSON in docs/contract.md and docs/demo.md, and the webhook request
 * of docs/webhooks.md — its body, its length and its signature, recomputed with
 * {@link WebhookSigner} and the secret the same page configures. Only {@code emittedAt} (wall-clock time) is
 * left out of the comparison, and what an example shortens with "…" at the end of an array.
 */
@Fast
class DocumentedAlertsTest {

    static final Path DOCS = Path.of("docs");
    static final Pattern JSON_BLOCK = Pattern.compile("(?ms)^```json\\n(.*?)^```");
    static final Pattern HTTP_BLOCK = Pattern.compile("(?ms)^```http\\n(.*?)^```");
    static final Pattern SECRET = Pattern.compile("secret: (whsec_\\S+)");

    /** The story's alerts by id, as JSON trees without emittedAt. */
    static Map<String, JsonNode> real;

    @BeforeAll
    static void runTheStory() {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        try (RulesDriver rules = new RulesDriver()) {
            December13Story.watchlist().forEach(rules::watch);
            December13Story.releases().forEach(rules::release);
            rules.sanction(December13Story.belaruskaliRelief());
            for (Alert alert : rules.alerts()) {
                byId.put(alert.id(), withoutEmittedAt(Json.tree(alert)));
            }
        }
        assertThat(byId).hasSize(6);
        real = byId;
    }

    @Test
    void theAlertExampleOfTheContractIsARealAlert() throws IOException {
        String contract = Files.readString(DOCS.resolve("contract.md"));
        String alertSection = contract.substring(contract.indexOf("\n## Alert\n"));
        List<JsonNode> examples = alerts(alertSection);
        assertThat(examples).as("the first JSON block under ## Alert").isNotEmpty();
        assertIsReal(examples.get(0), "docs/contract.md ## Alert");
    }

    @Test
    void everyAlertOfTheDemoPageIsARealAlert() throws IOException {
        List<JsonNode> examples = alerts(Files.readString(DOCS.resolve("demo.md")));
        assertThat(examples).as("alert examples in docs/demo.md").hasSizeGreaterThanOrEqualTo(4);
        examples.forEach(e -> assertIsReal(e, "docs/demo.md"));
    }

    @Test
    void theWebhookRequestExampleIsARealAlertSignedWithTheDocumentedSecret() throws IOException {
        String page = Files.readString(DOCS.resolve("webhooks.md"));
        Matcher http = HTTP_BLOCK.matcher(page);
        assertThat(http.find()).as("an ```http block").isTrue();
        String[] request = http.group(1).split("\n\n", 2);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : request[0].lines().skip(1).toList()) {
            String[] nv = line.split(": ", 2);
            headers.put(nv[0], nv[1]);
        }
        byte[] body = request[1].strip().getBytes(StandardCharsets.UTF_8);
        Matcher secret = SECRET.matcher(page);
        assertThat(secret.find()).as("the configured secret on the page").isTrue();

        assertThat(headers.get("Content-Length")).isEqualTo(String.valueOf(body.length));
        assertThat(WebhookSigner.signature(WebhookSigner.decodeSecret(secret.group(1)), headers.get("webhook-id"),
                Long.parseLong(headers.get("webhook-timestamp")), body))
                .as("webhook-signature recomputed").isEqualTo(headers.get("webhook-signature"));
        JsonNode alert = Json.read(body, JsonNode.class);
        assertThat(alert.get("id").asText()).isEqualTo(headers.get("webhook-id"));
        assertIsReal(alert, "docs/webhooks.md request body");
    }

    private static void assertIsReal(JsonNode example, String where) {
        String id = example.path("id").asText();
        assertThat(real).as(where + ": an alert of the story with id " + id).containsKey(id);
        assertThat(withoutEmittedAt(example)).as(where + ": alert " + id).isEqualTo(elided(example, real.get(id)));
    }

    static final String ELLIPSIS = "…";

    /**
     * {@code actual} shortened where the example shortens it: an array of the example whose last element is
     * "…" stands for its first elements and the rest left out.
     */
    static JsonNode elided(JsonNode example, JsonNode actual) {
        if (example.isArray() && actual.isArray() && !example.isEmpty()
                && ELLIPSIS.equals(example.get(example.size() - 1).asText()) && actual.size() >= example.size()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < example.size() - 1; i++) {
                out.add(elided(example.get(i), actual.get(i)));
            }
            return out.add(ELLIPSIS);
        }
        if (example.isObject() && actual.isObject()) {
            ObjectNode out = actual.deepCopy();
            example.fields().forEachRemaining(e -> {
                if (actual.has(e.getKey())) {
                    out.set(e.getKey(), elided(e.getValue(), actual.get(e.getKey())));
                }
            });
            return out;
        }
        return actual;
    }

    @Test
    void anEllipsisInAnExampleStandsForTheRestOfItsArrayOnly() {
        JsonNode actual = Json.read("{\"ids\":[\"a\",\"b\",\"c\"],\"n\":3}", JsonNode.class);
        assertThat(elided(Json.read("{\"ids\":[\"a\",\"…\"],\"n\":3}", JsonNode.class), actual))
                .isEqualTo(Json.read("{\"ids\":[\"a\",\"…\"],\"n\":3}", JsonNode.class));
        assertThat(elided(Json.read("{\"ids\":[\"b\",\"…\"],\"n\":3}", JsonNode.class), actual))
                .as("the elements before the ellipsis are the actual first ones")
                .isEqualTo(Json.read("{\"ids\":[\"a\",\"…\"],\"n\":3}", JsonNode.class));
        assertThat(elided(Json.read("{\"ids\":[\"a\",\"b\",\"c\"],\"n\":3}", JsonNode.class), actual)).isEqualTo(actual);
    }

    /** The JSON blocks of a page that are alerts. */
    private static List<JsonNode> alerts(String markdown) {
        List<JsonNode> out = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(markdown);
        while (m.find()) {
            JsonNode node = Json.read(m.group(1), JsonNode.class);
            if ("releasewatch.alert/v1".equals(node.path("schema").asText())) {
                out.add(node);
            }
        }
        return out;
    }

    private static JsonNode withoutEmittedAt(JsonNode alert) {
        ObjectNode copy = alert.deepCopy();
        copy.remove("emittedAt");
        return copy;
    }
}
