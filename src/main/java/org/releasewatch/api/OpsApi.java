package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
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
import jakarta.validation.Valid;
import org.releasewatch.model.BadParameter;
import org.releasewatch.model.Alert;
import org.releasewatch.ops.Ack;
import org.releasewatch.ops.Acks;
import org.releasewatch.ops.OpsConfig;
import org.releasewatch.ops.Silence;
import org.releasewatch.ops.SilenceRequest;
import org.releasewatch.ops.Silences;


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
    public Ack acknowledge(@PathVariable String id, @Nullable @Body OpsAnswers.AckRequest body,
                           @Parameter(hidden = true) HttpRequest<?> request) {
        String note = body == null ? null : body.note();
        if (note != null && note.length() > ops.noteMax()) {
            throw new BadParameter("note", "is longer than " + ops.noteMax() + " characters (releasewatch.ops.note-max)");
        }
        note = note == null || note.isBlank() ? null : note.trim();
        Alert alert = alerts.find(id).orElseThrow(() -> new NotFound("no alert with id " + id + " in the history"));
        // an ack applies to the alert's whole thread (contract v1.2): recorded with it, so every instance knows
        return acks.acknowledge(id, alert.threadId(), operator(request), note);
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
    public HttpResponse<OpsAnswers.SilenceView> create(@Valid @Body SilenceRequest body, @Parameter(hidden = true) HttpRequest<?> request) {
        Silence silence = silences.create(body, operator(request));
        return HttpResponse.created(view(silence)).header("Location", "/api/silences/" + silence.id());
    }

    @Operation(summary = "Silences, active and pending first, then ended ones",
            description = "Each with state: pending, active or ended. Ended silences are kept as long as the alert history.")
    @Get(uri = "/silences", produces = MediaType.APPLICATION_JSON)
    public OpsAnswers.Silences list() {
        return new OpsAnswers.Silences(silences.all().stream().map(this::view).toList());
    }

    @Operation(summary = "One silence")
    @Get(uri = "/silences/{id}", produces = MediaType.APPLICATION_JSON)
    public OpsAnswers.SilenceView one(@PathVariable String id) {
        return silences.get(id).map(this::view).orElseThrow(() -> noSilence(id));
    }

    @Operation(summary = "End a silence now", description = "Alerts emitted from now on are delivered again; those it held"
            + " back are not sent. Ending an ended silence changes nothing.",
            responses = {@ApiResponse(responseCode = "200", description = "the silence, ended"),
                    @ApiResponse(responseCode = "404", description = "no silence with this id")})
    @SecurityRequirement(name = "operatorToken")
    @Delete(uri = "/silences/{id}", produces = MediaType.APPLICATION_JSON)
    public OpsAnswers.SilenceView expire(@PathVariable String id, @Parameter(hidden = true) HttpRequest<?> request) {
        return silences.expire(id, operator(request)).map(this::view).orElseThrow(() -> noSilence(id));
    }

    private static NotFound noSilence(String id) {
        return new NotFound("no silence with id " + id);
    }

    private OpsAnswers.SilenceView view(Silence s) {
        return new OpsAnswers.SilenceView(s, s.state(silences.now()));
    }

    /** The operator the access filter recorded; "unknown" where no filter recorded one. */
    private static String operator(HttpRequest<?> request) {
        return Access.operator(request).orElse("unknown");
    }
}
