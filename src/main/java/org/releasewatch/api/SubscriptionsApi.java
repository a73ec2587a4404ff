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
import jakarta.validation.Valid;
import org.releasewatch.api.access.Access;
import org.releasewatch.delivery.AttemptsLog;
import org.releasewatch.delivery.SubscriptionAdmin;
import org.releasewatch.delivery.SubscriptionRequest;
import org.releasewatch.delivery.SubscriptionStore;
import org.releasewatch.json.Json;
import org.releasewatch.model.BadParameter;

import java.time.Instant;
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
    public HttpResponse<SubscriptionAnswers.Created> create(@Valid @Body SubscriptionRequest body, @Parameter(hidden = true) HttpRequest<?> request) {
        SubscriptionAdmin.Created created = admin.create(bounded(body, request), operator(request));
        return HttpResponse.created(SubscriptionAnswers.Created.of(created));
    }

    @Operation(summary = "The subscriptions",
            description = "Without secrets; URLs redacted. Each with `state` (active, disabled), `disabledReason`, and "
                    + "`delivery`: this instance's figures for it (`pending`, `delivered`, `deadLettered`, "
                    + "`lastSuccessAt`, `lastError`, `lastErrorAt`, a running `replay`). Each instance delivers the "
                    + "alerts of the partitions assigned to it, so figures are per instance.")
    @ApiResponse(responseCode = "200", description = "`{subscriptions: [...]}`")
    @Get(produces = MediaType.APPLICATION_JSON)
    public SubscriptionAnswers.Listed list() {
        return new SubscriptionAnswers.Listed(admin.list());
    }

    @Operation(summary = "One subscription")
    @ApiResponse(responseCode = "200", description = "the subscription (as in the list)")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> one(@PathVariable String id) {
        return admin.view(id);
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
    public Map<String, Object> patch(@PathVariable String id, @Valid @Body SubscriptionRequest body,
                                     @Parameter(hidden = true) HttpRequest<?> request) {
        return admin.patch(id, bounded(body, request), operator(request));
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
    public SubscriptionAdmin.Rotated rotate(@PathVariable String id, @Parameter(hidden = true) HttpRequest<?> request) {
        return admin.rotate(id, operator(request));
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
    public HttpResponse<SubscriptionAnswers.ReplayStarted> replay(@PathVariable String id, @Valid @Body SubscriptionAnswers.ReplayRequest body) {
        Instant at = body.at();
        if (!admin.replay(id, at)) {
            throw new SubscriptionAdmin.Conflict("a replay is running for subscription " + id, null);
        }
        return HttpResponse.accepted().body(new SubscriptionAnswers.ReplayStarted(id, at));
    }

    @Operation(summary = "The latest delivery attempts",
            description = "Newest first, up to 100, as made by this instance (each instance keeps the latest 100 of "
                    + "its own, in memory): `alertId`, `at`, `outcome` (delivered, failed, dead_lettered, silenced), "
                    + "`status`, `latencyMillis`, `error`, `heldBy` (the silence), `replay`.")
    @ApiResponse(responseCode = "200", description = "`{attempts: [...]}`")
    @ApiResponse(responseCode = "400", description = "a bad `limit`")
    @ApiResponse(responseCode = "404", description = "no such subscription")
    @Get(uri = "/{id}/attempts", produces = MediaType.APPLICATION_JSON)
    public SubscriptionAnswers.Attempts attempts(@PathVariable String id,
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
        return new SubscriptionAnswers.Attempts(admin.attempts(id, max));
    }

    /** A body of at most {@link #MAX_BODY} characters: a subscription is a few settings, not a document. */
    private static SubscriptionRequest bounded(SubscriptionRequest body, HttpRequest<?> request) {
        if (request.getContentLength() > MAX_BODY || Json.string(body).length() > MAX_BODY) {
            throw new BadParameter("body", "is longer than " + MAX_BODY + " characters");
        }
        return body;
    }

    private static String operator(HttpRequest<?> request) {
        return Access.operator(request).orElse(UNKNOWN_OPERATOR);
    }
}
