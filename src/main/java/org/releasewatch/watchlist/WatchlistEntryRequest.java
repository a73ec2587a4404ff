package org.releasewatch.watchlist;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import org.releasewatch.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code PUT /api/watchlist/{personId}}: a WatchlistEntry, its {@code personId} optional. Its fields keep
 * the JSON types they were sent with, because the contract checks a PUT exactly as the ingest checks a topic record
 * ({@link EntryCheck}, the watchlist schema): binding {@code "name": 5} to a Java string would turn it into "5" and
 * hide the mistake the 422 must name. Fields the entry does not have are kept, so the same check names them.
 */
@Introspected
public record WatchlistEntryRequest(@Nullable JsonNode personId, @Nullable JsonNode name, @Nullable JsonNode priority,
                                    @Nullable JsonNode note, @JsonAnySetter @Nullable Map<String, JsonNode> others) {

    public WatchlistEntryRequest {
        others = others == null ? Map.of() : new LinkedHashMap<>(others);
    }

    /** The person id the body gives, if it gives one (as text, whatever its JSON type). */
    public String givenPersonId() {
        return personId == null || personId.isNull() ? null : personId.asText();
    }

    /** The entry for {@code pathId} as the topic record it becomes: the path's id, the fields as they were sent. */
    public ObjectNode record(String pathId) {
        ObjectNode tree = Json.MAPPER.createObjectNode().put("personId", pathId);
        if (name != null) {
            tree.set("name", name);
        }
        if (priority != null) {
            tree.set("priority", priority);
        }
        if (note != null) {
            tree.set("note", note);
        }
        others.forEach(tree::set);
        return tree;
    }
}
