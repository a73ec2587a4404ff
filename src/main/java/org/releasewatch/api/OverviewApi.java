package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Parameter;
import org.apache.kafka.streams.state.HostInfo;
import org.releasewatch.delivery.WebhookDelivery;
import org.releasewatch.json.Json;
import org.releasewatch.model.BadParameter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the dashboard shows besides alerts: releases per country per day, and webhook delivery state. */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OverviewApi {

    private final StateQueries local;
    private final ApiRouting routing;
    private final WebhookDelivery webhooks;

    public OverviewApi(StateQueries local, ApiRouting routing, WebhookDelivery webhooks) {
        this.local = local;
        this.routing = routing;
        this.webhooks = webhooks;
    }

    /** Distinct persons released per country on each of the {@code days} UTC days up to {@code until} (default today). */
    @Get(uri = "/releases", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> releases(
            @Parameter(description = "how many days, 1 to 31 (default 7)") @Nullable @QueryValue String days,
            @Parameter(description = "the last day, YYYY-MM-DD (default today, UTC)") @Nullable @QueryValue String until,
            @Parameter(hidden = true) @Nullable @QueryValue Boolean local) {
        int n = days == null ? 7 : days(days);
        LocalDate last;
        try {
            last = until == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(until);
        } catch (DateTimeParseException e) {
            throw new BadParameter("until", "\"" + until + "\" is not a date (YYYY-MM-DD)");
        }
        List<LocalDate> dates = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            dates.add(last.minusDays(i));
        }
        Map<String, Map<Instant, Integer>> counts = new TreeMap<>(this.local.releasesByWindow(
                this.local.windowOf(dates.get(0)), this.local.windowOf(last)));
        if (!Boolean.TRUE.equals(local)) {
            for (HostInfo other : routing.others()) {
                JsonNode there = Json.read(routing.ask(other, "/api/releases?local=true&days=" + n + "&until=" + last), JsonNode.class);
                there.get("countries").fields().forEachRemaining(country -> {
                    for (int i = 0; i < dates.size(); i++) {
                        int count = country.getValue().get(i).asInt();
                        if (count > 0) {
                            counts.computeIfAbsent(country.getKey(), c -> new TreeMap<>()).put(this.local.windowOf(dates.get(i)), count);
                        }
                    }
                });
            }
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode dayList = body.putArray("days");
        dates.forEach(d -> dayList.add(d.toString()));
        ObjectNode countries = body.putObject("countries");
        counts.forEach((country, byWindow) -> {
            ArrayNode row = countries.putArray(country);
            dates.forEach(d -> row.add(byWindow.getOrDefault(this.local.windowOf(d), 0)));
        });
        return HttpResponse.ok(Json.string(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** This instance's webhook subscriptions: delivered, retrying, dead-lettered. */
    @Get(uri = "/webhooks", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> webhooks() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("subscriptions", Json.tree(webhooks.status()));
        return HttpResponse.ok(Json.string(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static int days(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 31) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadParameter("days", "\"" + value + "\" is not a whole number from 1 to 31");
    }
}
