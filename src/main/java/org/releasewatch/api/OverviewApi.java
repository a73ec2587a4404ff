package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
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
import java.util.LinkedHashMap;
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
    public Releases releases(
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
        Map<String, List<Integer>> countries = new LinkedHashMap<>();
        counts.forEach((country, byWindow) -> countries.put(country,
                dates.stream().map(d -> byWindow.getOrDefault(this.local.windowOf(d), 0)).toList()));
        return new Releases(dates.stream().map(LocalDate::toString).toList(), countries);
    }

    /** The days, oldest first, and per country one count per day in the same order. */
    public record Releases(List<String> days, Map<String, List<Integer>> countries) {
    }

    public record Webhooks(List<Map<String, Object>> subscriptions) {
    }

    /** This instance's webhook subscriptions: delivered, retrying, dead-lettered. */
    @Get(uri = "/webhooks", produces = MediaType.APPLICATION_JSON)
    public Webhooks webhooks() {
        return new Webhooks(webhooks.status());
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
