package org.releasewatch.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Evidence;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.releasewatch.model.WebhookFailure;
import org.releasewatch.testing.Fast;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The published contract documents: valid schemas, matching what the service writes, and the AsyncAPI topics. */
@Fast
class SchemaDocumentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"release-event.schema.json", "sanction-event.schema.json", "watchlist-entry.schema.json",
            "alert.schema.json", "webhook-failure.schema.json"})
    void everySchemaIsValidDraft202012(String file) throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/" + file)) {
            schema = Json.MAPPER.readTree(in);
        }
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(ContractSchema.ID_PREFIX + file);
    }

    static Alert alert(AlertRule rule, Severity severity, JsonNode details) {
        return new Alert(Alert.SCHEMA, "5f0c9a0e-4f5b-5d2c-9a55-0c3a1b6f7e21", rule, severity, "BY",
                "Ales Bialiatski released from detention in Belarus", Instant.parse("2025-12-13T08:00:00Z"),
                Instant.parse("2026-01-01T00:00:00.123Z"),
                new Evidence(List.of("viasna-2025-12-13-1"), List.of(new Source("Viasna", "https://spring96.org"))), details);
    }

    static ObjectNode details(String json) {
        return (ObjectNode) Json.read(json, JsonNode.class);
    }

    @Test
    void alertsOfEveryRuleAsTheServiceWritesThemMatchTheAlertSchema() {
        ContractSchema schema = ContractSchema.load("alert.schema.json");
        List<Alert> alerts = List.of(
                alert(AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, details("""
                        {"person":{"id":"viasna:1","name":"Ales Bialiatski","tags":["nobel-laureate"]},"priority":"high",
                         "transferredTo":null,"charges":[]}""")),
                alert(AlertRule.MASS_RELEASE, Severity.CRITICAL, details("""
                        {"threshold":100,"count":100,"windowStart":"2025-12-13T00:00:00Z","windowEnd":"2025-12-14T00:00:00Z",
                         "byDestination":{"UA":91,"LT":9}}""")),
                alert(AlertRule.SANCTIONS_CHANGE, Severity.WARNING, details("""
                        {"issuer":"US","action":"LIFTED","target":{"id":"ofac:belaruskali","name":"Belaruskali","kind":"company"},
                         "sector":"potash","program":null}""")),
                alert(AlertRule.LINKED_RELIEF, Severity.CRITICAL, details("""
                        {"sanction":{"eventId":"ofac-1","issuer":"US","action":"LIFTED",
                         "target":{"id":"ofac:belaruskali","name":"Belaruskali","kind":"company"},"sector":"potash"},
                         "releaseCount":123,"agreement":"us-by-2025-12-13","confidence":"high"}""")));
        for (Alert a : alerts) {
            assertThat(schema.validate(Json.read(Json.bytes(a), JsonNode.class))).as(a.rule().name()).isEmpty();
        }
        Alert broken = alert(AlertRule.MASS_RELEASE, Severity.INFO, details("{\"threshold\":100}"));
        assertThat(schema.validate(Json.read(Json.bytes(broken), JsonNode.class)).stream().map(schema::describe))
                .contains("details.count: is required", "severity: \"info\" is not one of warning, critical");
    }

    @Test
    void aWebhookFailureMatchesItsSchema() {
        ContractSchema schema = ContractSchema.load("webhook-failure.schema.json");
        WebhookFailure failure = new WebhookFailure(new WebhookFailure.SubscriptionRef(0, "https://hooks.example.org/rw"),
                alert(AlertRule.WATCHLIST_RELEASE, Severity.WARNING, details("""
                        {"person":{"id":"viasna:2","name":"Maria Kalesnikava","tags":[]},"priority":"normal",
                         "transferredTo":"UA","charges":[]}""")), 8, "HTTP 500");
        assertThat(schema.validate(Json.read(Json.bytes(failure), JsonNode.class))).isEmpty();
        ObjectNode withoutAttempts = (ObjectNode) Json.read(Json.bytes(failure), JsonNode.class);
        withoutAttempts.remove("attempts");
        assertThat(schema.validate(withoutAttempts)).extracting(schema::describe).containsExactly("attempts: is required");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAsyncApiDocumentNamesEveryContractTopic() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = getClass().getResourceAsStream("/schema/asyncapi.yaml")) {
            doc = new Yaml().load(in);
        }
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
        assertThat(channels.values()).extracting(c -> c.get("address")).containsExactlyInAnyOrder(
                "releasewatch.releases.v1", "releasewatch.sanctions.v1", "releasewatch.watchlist.v1",
                "releasewatch.alerts.v1", "releasewatch.dlq.v1", "releasewatch.webhook-dlq.v1");
        for (String file : List.of("release-event", "sanction-event", "watchlist-entry", "alert", "webhook-failure")) {
            assertThat(getClass().getResource("/schema/" + file + ".schema.json")).as(file).isNotNull();
        }
    }
}
