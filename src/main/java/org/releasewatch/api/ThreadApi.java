package org.releasewatch.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.ops.AlertMarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thread of messages (contract v1.2, "Alerts that evolve"): {@code GET /api/alerts/{id}/thread} with the id of any
 * of its messages answers all of them in the history, oldest first, each with its marks — what the alert's page
 * shows. The history is searched from the thread's first message on (all messages of a thread are emitted after it),
 * on every instance; at most {@link #MAX_MESSAGES} are answered.
 */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ThreadApi {

    /** Far more than the rules give a thread (a few thresholds, a final count, corroboration, a retraction). */
    static final int MAX_MESSAGES = 100;

    private final QueryApi queries;
    private final StateQueries local;
    private final ApiRouting routing;
    private final AlertMarks marks;

    public ThreadApi(QueryApi queries, StateQueries local, ApiRouting routing, AlertMarks marks) {
        this.queries = queries;
        this.local = local;
        this.routing = routing;
        this.marks = marks;
    }

    @Operation(summary = "The thread of an alert, oldest first",
            description = "Every message of the thread the alert belongs to (its first message, updates and cancels) that"
                    + " the history holds, oldest first, each with its ack and silenced marks: {thread, messages}.",
            responses = {@ApiResponse(responseCode = "200", description = "{thread, messages}"),
                    @ApiResponse(responseCode = "404", description = "no alert with this id in the history")})
    @Get(uri = "/alerts/{id}/thread", produces = MediaType.APPLICATION_JSON)
    public Object thread(@PathVariable String id,
                                       @Parameter(hidden = true) @Nullable @QueryValue Boolean local,
                                       @Parameter(hidden = true) @Nullable @QueryValue String since) {
        if (Boolean.TRUE.equals(local)) {
            // asked by another instance: this one's messages of thread `id` emitted since then
            Instant from = since == null ? Instant.EPOCH : QueryApi.instant("since", since);
            return new QueryAnswers.Alerts(messagesHere(id, from));
        }
        Optional<Alert> asked = queries.find(id);
        if (asked.isEmpty()) {
            throw new NotFound("no alert with id " + id + " in the history");
        }
        String thread = asked.get().threadId();
        Optional<Alert> first = thread.equals(id) ? asked : queries.find(thread);
        // a first message that has left the history: its thread is searched through the whole history
        Instant from = first.map(Alert::emittedAt).orElse(Instant.EPOCH);
        List<Alert> messages = new ArrayList<>(messagesHere(thread, from));
        String path = "/api/alerts/" + URLEncoder.encode(thread, StandardCharsets.UTF_8).replace("+", "%20")
                + "/thread?local=true&since=" + from;
        for (HostInfo other : routing.others()) {
            ObjectNode there = Json.read(routing.ask(other, path), ObjectNode.class);
            messages.addAll(Json.MAPPER.convertValue(there.get("alerts"), new TypeReference<List<Alert>>() { }));
        }
        return new QueryAnswers.Thread(thread, StateQueries.oldestFirst(messages.stream().distinct().toList(), MAX_MESSAGES)
                .stream().map(marks::marked).toList());
    }

    private List<Alert> messagesHere(String thread, Instant from) {
        return local.recentAlerts(from, a -> thread.equals(a.threadId()), MAX_MESSAGES);
    }
}
