package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasewatch.api.access.Access;
import org.releasewatch.json.Json;
import org.releasewatch.model.BadParameter;
import org.releasewatch.ops.Ack;
import org.releasewatch.ops.Acks;
import org.releasewatch.ops.OpsConfig;
import org.releasewatch.ops.Silence;
import org.releasewatch.ops.Silences;

import java.util.Iterator;

/**
 * What operators do about alerts: acknowledge one ({@code releasewatch.acks.v1}) and silence those like it
 * ({@code releasewatch.silences.v1}). Writes need an operator token (the access filter), whose name is recorded.
 */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OpsApi {

    private final QueryApi alerts;
    private final Acks acks;
    private final Silences silences;
    private final OpsConfig ops;

    public OpsApi(QueryApi alerts, Acks acks, Silences silences, OpsConfig ops) {
        this.alerts = alerts;
        this.acks = acks;
        this.silences = silences;
        this.ops = ops;
    }

    @Operation(summary = "Acknowledge an alert", description = "Records who (the operator), when and an optional note in"
            + " releasewatch.acks.v1; every instance shows it within seconds. Acknowledging again replaces the note."
            + " The ack applies to every message of the alert's thread.",
            responses = {@ApiResponse(responseCode = "200", description = "the ack {alertId, by, at, note, thread?}"),
                    @ApiResponse(responseCode = "400", description = "a bad body, naming the field"),
                    @ApiResponse(responseCode = "404", description = "no alert with this id in the history")})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject("{\"note\": \"calling the partner now\"}")))
    @SecurityRequirement(name = "operatorToken")
    @Post(uri = "/alerts/{id}/ack", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> acknowledge(@PathVariable String id, @Nullable @Body String body,
                                            @Parameter(hidden = true) HttpRequest<?> request) {
        String note = null;
        JsonNode json = body == null || body.isBlank() ? null : parse(body);
        if (json != null) {
            if (!json.isObject()) {
                throw new BadParameter("body", "must be a JSON object {note?}");
            }
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("note")) {
                    throw new BadParameter(name, "is not a field of an ack; only \"note\"");
                }
            }
            JsonNode n = json.get("note");
            if (n != null && !n.isNull()) {
                if (!n.isTextual()) {
                    throw new BadParameter("note", "must be a string");
                }
                if (n.asText().length() > ops.noteMax()) {
                    throw new BadParameter("note", "is longer than " + ops.noteMax() + " characters (releasewatch.ops.note-max)");
                }
                note = n.asText().isBlank() ? null : n.asText().trim();
            }
        }
        java.util.Optional<org.releasewatch.model.Alert> alert = alerts.find(id);
        if (alert.isEmpty()) {
            return Problem.of(HttpStatus.NOT_FOUND, "no alert with id " + id + " in the history", null);
        }
        // an ack applies to the alert's whole thread (contract v1.2): recorded with it, so every instance knows
        Ack ack = acks.acknowledge(id, alert.get().threadId(), operator(request), note);
        return json(HttpStatus.OK, Json.tree(ack));
    }

    @Operation(summary = "Create a silence", description = "Alerts matching every given matcher and emitted between startsAt"
            + " (default now) and endsAt still reach the alerts topic and the history, marked silenced, but are not delivered"
            + " to subscriptions. What a silence held back is not sent when it ends.",
            responses = {@ApiResponse(responseCode = "201", description = "the silence, with its id"),
                    @ApiResponse(responseCode = "400", description = "a bad field, named in \"parameter\""),
                    @ApiResponse(responseCode = "409", description = "too many silences open (releasewatch.ops.active-silences-max)")})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject("{\"matchers\": {\"countries\": [\"BY\"], \"rules\": [\"MASS_RELEASE\"], \"minSeverity\": \"warning\"},"
                    + " \"endsAt\": \"2025-12-14T06:00:00Z\", \"comment\": \"known duplicate feed from Viasna\"}")))
    @SecurityRequirement(name = "operatorToken")
    @Post(uri = "/silences", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> create(@Nullable @Body String body, @Parameter(hidden = true) HttpRequest<?> request) {
        if (body == null || body.isBlank()) {
            throw new BadParameter("body", "is required: {matchers, startsAt?, endsAt, comment}");
        }
        Silence silence = silences.create(parse(body), operator(request));
        return json(HttpStatus.CREATED, view(silence)).header("Location", "/api/silences/" + silence.id());
    }

    @Operation(summary = "Silences, active and pending first, then ended ones",
            description = "Each with state: pending, active or ended. Ended silences are kept as long as the alert history.")
    @Get(uri = "/silences", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> list() {
        var list = Json.MAPPER.createArrayNode();
        silences.all().forEach(s -> list.add(view(s)));
        return json(HttpStatus.OK, Json.MAPPER.createObjectNode().set("silences", list));
    }

    @Operation(summary = "One silence")
    @Get(uri = "/silences/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> one(@PathVariable String id) {
        return silences.get(id).map(s -> json(HttpStatus.OK, view(s)))
                .orElseGet(() -> Problem.of(HttpStatus.NOT_FOUND, "no silence with id " + id, null));
    }

    @Operation(summary = "End a silence now", description = "Alerts emitted from now on are delivered again; those it held"
            + " back are not sent. Ending an ended silence changes nothing.",
            responses = {@ApiResponse(responseCode = "200", description = "the silence, ended"),
                    @ApiResponse(responseCode = "404", description = "no silence with this id")})
    @SecurityRequirement(name = "operatorToken")
    @Delete(uri = "/silences/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> expire(@PathVariable String id, @Parameter(hidden = true) HttpRequest<?> request) {
        return silences.expire(id, operator(request)).map(s -> json(HttpStatus.OK, view(s)))
                .orElseGet(() -> Problem.of(HttpStatus.NOT_FOUND, "no silence with id " + id, null));
    }

    @Error(global = true, exception = Silences.TooMany.class)
    public HttpResponse<String> tooMany(Silences.TooMany e) {
        return Problem.of(HttpStatus.CONFLICT, e.getMessage(), null);
    }

    private ObjectNode view(Silence s) {
        ObjectNode node = Json.MAPPER.valueToTree(s);
        node.put("state", s.state(silences.now()));
        return node;
    }

    /** The operator the access filter recorded; "unknown" where no filter recorded one. */
    private static String operator(HttpRequest<?> request) {
        return Access.operator(request).orElse("unknown");
    }

    private static JsonNode parse(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadParameter("body", "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static io.micronaut.http.MutableHttpResponse<String> json(HttpStatus status, JsonNode body) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(Json.string(body));
    }
}
