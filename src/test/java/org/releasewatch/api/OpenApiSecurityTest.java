package org.releasewatch.api;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated OpenAPI document passes the rules Redocly's recommended ruleset checks for access, without npm:
 * {@code servers} present and not empty ("no-empty-servers"), and every operation under a security requirement
 * ("security-defined") naming schemes the document defines. Beyond that, as the contract says: the watchlist,
 * the subscriptions and every write need the operator token alone, and each operation lists its 401 and 403.
 */
@Fast
class OpenApiSecurityTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() throws IOException {
        try (InputStream in = OpenApiSecurityTest.class.getResourceAsStream("/META-INF/swagger/releasewatch-1.yml")) {
            assertThat(in).as("the generated OpenAPI document").isNotNull();
            return new Yaml().load(in);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDeclaresItsSecurityItsServersAndItsRefusals() throws IOException {
        Map<String, Object> doc = document();
        assertThat((List<Object>) doc.get("servers")).as("servers").isNotNull().isNotEmpty();
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) doc.getOrDefault("components", Map.of()))
                .getOrDefault("securitySchemes", Map.of());
        assertThat(schemes).as("security schemes").containsKeys("readToken", "operatorToken");
        List<Map<String, Object>> global = (List<Map<String, Object>>) doc.get("security");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        assertThat(paths).isNotEmpty();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Object> operation = (Map<String, Object>) op.getValue();
                List<Map<String, Object>> security = operation.containsKey("security")
                        ? (List<Map<String, Object>>) operation.get("security") : global;
                assertThat(security).as("%s: security (security-defined)", where).isNotNull().isNotEmpty();
                security.forEach(requirement -> assertThat(schemes).as(where).containsKeys(requirement.keySet().toArray(String[]::new)));
                boolean operatorOnly = !op.getKey().equals("get") || path.getKey().startsWith("/api/watchlist")
                        || path.getKey().startsWith("/api/subscriptions");
                if (operatorOnly) {
                    assertThat(security).as("%s needs the operator token", where).containsExactly(Map.of("operatorToken", List.of()));
                }
                Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
                assertThat(responses).as(where).containsKeys("401", "403");
            }
        }
        assertThat(operations).isGreaterThan(20);
    }
}
