package org.releasewatch.api;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasewatch.model.AlertRule;

import java.util.Arrays;
import java.util.List;

/** The alert rules, from {@link AlertRule}: what the pages list and explain, so that no page lists them by hand. */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@Controller("/api/rules")
public class RulesApi {

    @Operation(summary = "The alert rules",
            description = "Each rule of the contract, in order: its name (the alerts' rule field) and when it raises an alert.")
    @Get(produces = MediaType.APPLICATION_JSON)
    public Rules rules() {
        return new Rules(Arrays.stream(AlertRule.values()).map(rule -> new Rule(rule.name(), rule.description())).toList());
    }

    public record Rule(String rule, String description) {
    }

    public record Rules(List<Rule> rules) {
    }
}
