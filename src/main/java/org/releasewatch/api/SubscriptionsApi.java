package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.releasewatch.api.access.Access;
import org.releasewatch.delivery.AttemptsLog;
import org.releasewatch.delivery.SubscriptionAdmin;
import org.releasewatch.delivery.SubscriptionStore;
import org.releasewatch.delivery.WebhookSettings;
import org.releasewatch.json.Json;
import org.releasewatch.model.BadParameter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions as a resource (contract "Subscriptions as a resource"): create, list, change, delete, rotate the
 * secret, replay, and the attempts log. Reads answer readers; every write is a non-GET method under {@code /api},
 * so the access filter asks for an operator token, whose name is recorded. A secret is shown once, in the answer
 * that created it (or rotated it), and never again. Validation errors are problem JSON naming the field in
 * {@code parameter}; a target the webhook target policy refuses is a 422.
 */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@SecurityRequirement(name = "operatorToken")
@Controller("/api/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "subscriptions", description = "Webhook and channel subscriptions: where alerts are delivered")
public class SubscriptionsApi {

    static final String UNKNOWN_OPERATOR = "unknown";
    static final int MAX_BODY = 64 * 1024;

    private final SubscriptionAdmin admin;

    public SubscriptionsApi(SubscriptionAdmin admin) {
        this.admin = admin;
    }

    @Operation(summary = "Create a subscription (operator)",
            description = "Fields: `url` (https; for `telegram` the bot's sendMessage URL; none for `email`), `secret` "
                    + "(`whsec_` + base64 of ≥ 16 bytes; generated when absent; `standard` format only), `rules`, "
                    + "`countries`, `minSeverity` (info, warning, critical), `format` (standard, slack, discord, teams, "
                    + "telegram, email, pagerduty), `chatId` (telegram), `to` (email recipients), `redact` (person fields "
                    + "left out of chat and email messages: charges, note, …), `batchWindow` (chat and email, e.g. `2m`), "
                    + "`routingKey` (pagerduty: the Events API v2 integration key; shown as `redacted`), `messages` "
                    + "(`all` or `first`: only each thread's first message), `description`. It receives the alerts emitted after its creation (use replay for earlier ones).")
    @ApiResponse(responseCode = "201", description = "the subscription, with its `id` and — this once — its `secret`",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(value =
                    "{\"id\":\"sub_3f9a1c0d5e7b2a48\",\"secret\":\"whsec_…\",\"url\":\"https://hooks.example.org:443/…#1a2b3c4d\","
                            + "\"format\":\"standard\",\"state\":\"active\"}")))
    @ApiResponse(responseCode = "400", description = "a field is missing or wrong (problem JSON naming it in `parameter`)")
    @ApiResponse(responseCode = "422", description = "the webhook target policy refuses the URL (e.g. a private address)")
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> create(@Body String body, @Parameter(hidden = true) HttpRequest<?> request) {
        SubscriptionAdmin.Created created = admin.create(object(body), operator(request));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", created.view().get("id"));
        if (created.secret() != null) {
            out.put("secret", created.secret());
        }
        out.putAll(created.view());
        return json(HttpStatus.CREATED, out);
    }

    @Operation(summary = "The subscriptions",
            description = "Without secrets; URLs redacted. Each with `state` (active, disabled), `disabledReason`, and "
                    + "`delivery`: this instance's figures for it (`pending`, `delivered`, `deadLettered`, "
                    + "`lastSuccessAt`, `lastError`, `lastErrorAt`, a running `replay`). Each instance delivers the "
                    + "alerts of the partitions assigned to it, so figures are per instance.")
    @ApiResponse(responseCode = "200", description = "`{subscriptions: [...]}`")
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> list() {
        return json(HttpStatus.OK, Map.of("subscriptions", admin.list()));
    }

    @Operation(summary = "One subscription")
    @ApiResponse(responseCode = "200", description = "the subscription (as in the list)")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> one(@PathVariable String id) {
        return json(HttpStatus.OK, admin.view(id));
    }

    @Operation(summary = "Change a subscription (operator)",
            description = "Any of `url`, `rules`, `countries`, `minSeverity`, `description`, `state` (active, disabled), "
                    + "`chatId`, `to`, `redact`, `batchWindow`, `routingKey`, `messages`; the others stay. `state: active` enables a disabled "
                    + "subscription again. The secret changes only by rotation; the format not at all.")
    @ApiResponse(responseCode = "200", description = "the changed subscription")
    @ApiResponse(responseCode = "400", description = "a field is wrong (problem JSON naming it)")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @ApiResponse(responseCode = "422", description = "the webhook target policy refuses the new URL")
    @Patch(uri = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> patch(@PathVariable String id, @Body String body,
                                      @Parameter(hidden = true) HttpRequest<?> request) {
        return json(HttpStatus.OK, admin.patch(id, object(body), operator(request)));
    }

    @Operation(summary = "Delete a subscription (operator)", description = "Nothing more is sent to it, on any instance.")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @Delete(uri = "/{id}")
    public HttpResponse<Void> delete(@PathVariable String id) {
        admin.delete(id);
        return HttpResponse.noContent();
    }

    @Operation(summary = "Rotate the secret (operator)",
            description = "A new secret, shown this once. For `releasewatch.webhooks.rotation-overlap` (default 24h) every "
                    + "request carries both signatures, new first, space-separated in `webhook-signature`, so a receiver "
                    + "holding either secret verifies it.")
    @ApiResponse(responseCode = "200", description = "`{id, secret, previousSecretValidUntil}`")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @ApiResponse(responseCode = "409", description = "the subscription's format has no secret")
    @Post(uri = "/{id}/rotate-secret", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> rotate(@PathVariable String id, @Parameter(hidden = true) HttpRequest<?> request) {
        return json(HttpStatus.OK, admin.rotate(id, operator(request)));
    }

    @Operation(summary = "Send alerts again (operator)",
            description = "`{since}` (ISO-8601 instant): every alert the subscription wants emitted since then is sent "
                    + "again, dead-lettered ones included, with the same `webhook-id`. One replay at a time per "
                    + "subscription (per instance); its progress shows in the subscription's `delivery.replay`.")
    @ApiResponse(responseCode = "202", description = "the replay started")
    @ApiResponse(responseCode = "400", description = "`since` is missing or not an instant")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @ApiResponse(responseCode = "409", description = "a replay is running for it")
    @Post(uri = "/{id}/replay", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> replay(@PathVariable String id, @Body String body) {
        JsonNode since = object(body).get("since");
        if (since == null || !since.isTextual()) {
            throw new BadParameter("since", "is required: an ISO-8601 instant, e.g. 2025-12-13T00:00:00Z");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(since.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter("since", "\"" + since.asText() + "\" is not an ISO-8601 instant with an offset");
        }
        if (!admin.replay(id, at)) {
            return Problem.of(HttpStatus.CONFLICT, "a replay is running for subscription " + id, null);
        }
        return json(HttpStatus.ACCEPTED, Map.of("id", id, "since", at.toString()));
    }

    @Operation(summary = "The latest delivery attempts",
            description = "Newest first, up to 100, as made by this instance (each instance keeps the latest 100 of "
                    + "its own, in memory): `alertId`, `at`, `outcome` (delivered, failed, dead_lettered, silenced), "
                    + "`status`, `latencyMillis`, `error`, `heldBy` (the silence), `replay`.")
    @ApiResponse(responseCode = "200", description = "`{attempts: [...]}`")
    @ApiResponse(responseCode = "400", description = "a bad `limit`")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @Get(uri = "/{id}/attempts", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> attempts(@PathVariable String id,
                                         @Parameter(description = "1 to 100 (default 100)") @Nullable @QueryValue String limit) {
        int max = AttemptsLog.MAX;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > AttemptsLog.MAX) {
                throw new BadParameter("limit", "must be a whole number from 1 to " + AttemptsLog.MAX);
            }
        }
        List<AttemptsLog.Attempt> attempts = admin.attempts(id, max);
        return json(HttpStatus.OK, Map.of("attempts", attempts));
    }

    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        if (body.length() > MAX_BODY) {
            throw new BadParameter("body", "is longer than " + MAX_BODY + " characters");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new BadParameter("body", "is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadParameter("body", "must be a JSON object");
        }
        return node;
    }

    private static String operator(HttpRequest<?> request) {
        return Access.operator(request).orElse(UNKNOWN_OPERATOR);
    }

    private static MutableHttpResponse<String> json(HttpStatus status, Object body) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(Json.string(body));
    }

    @Error(exception = SubscriptionAdmin.NotFound.class)
    public HttpResponse<String> notFound(SubscriptionAdmin.NotFound e) {
        return Problem.of(HttpStatus.NOT_FOUND, e.getMessage(), null);
    }

    @Error(exception = SubscriptionAdmin.Conflict.class)
    public HttpResponse<String> conflict(SubscriptionAdmin.Conflict e) {
        return Problem.of(HttpStatus.CONFLICT, e.getMessage(), e.field());
    }

    @Error(exception = WebhookSettings.InvalidWebhookConfig.class)
    public HttpResponse<String> invalid(WebhookSettings.InvalidWebhookConfig e) {
        String field = SubscriptionAdmin.apiName(e.field());
        return Problem.of(e.refusedTarget() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_REQUEST,
                (field == null ? "" : field + ": ") + e.problem(), field);
    }

    @Error(exception = SubscriptionAdmin.RefusedTarget.class)
    public HttpResponse<String> refused(SubscriptionAdmin.RefusedTarget e) {
        return Problem.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage(), "url");
    }
}
