package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.sse.Event;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.swagger.v3.oas.annotations.Parameter;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.apache.kafka.streams.state.HostInfo;
import org.releasewatch.cap.CapRenderer;
import org.releasewatch.cap.CapSettings;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.BadParameter;
import org.releasewatch.model.Severity;
import org.releasewatch.ops.Acks;
import org.releasewatch.ops.AlertMarks;
import org.releasewatch.ops.ReleaseDays;
import org.releasewatch.rules.AlertTopology;
import org.releasewatch.rules.DayTally;
import org.releasewatch.rules.ReliefState;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The query API over the service's state: recent alerts (the alert history store, fed by the alerts
 * topic), a country's releases on a day and the links between reliefs and releases (the rules' own
 * stores, by interactive queries). Any instance answers everything: it asks the instances holding the
 * data ({@link ApiRouting}). Bad parameters get a 400 problem naming the parameter.
 */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class QueryApi {

    private final CapRenderer cap;

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int MAX_SEARCH_CHARS = 200;
    static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(20);

    private final StateQueries local;
    private final ApiRouting routing;
    private final AlertFeed feed;
    private final StreamSlots slots;
    private final StreamLimits limits;
    private final AlertMarks marks;
    private final Acks acks;
    private final ReleaseDays releaseDays;

    public QueryApi(StateQueries local, ApiRouting routing, AlertFeed feed, StreamSlots slots, StreamLimits limits,
                    AlertMarks marks, Acks acks, ReleaseDays releaseDays, CapSettings capSettings) {
        this.cap = new CapRenderer(capSettings);
        this.releaseDays = releaseDays;
        this.marks = marks;
        this.acks = acks;
        this.local = local;
        this.routing = routing;
        this.feed = feed;
        this.slots = slots;
        this.limits = limits;
    }

    /**
     * Recent alerts, newest first (an object with an "alerts" array), each with its {@code ack} and
     * {@code silenced} marks (null when none).
     */
    @Get(uri = "/alerts", produces = MediaType.APPLICATION_JSON)
    public Object alerts(
            @Parameter(description = "ISO 3166-1 alpha-2 code, any case") @Nullable @QueryValue String country,
            @Parameter(description = AlertRule.NAMED) @Nullable @QueryValue String rule,
            @Parameter(description = "minimum severity: info, warning or critical") @Nullable @QueryValue String severity,
            @Parameter(description = "only alerts emitted at or after this ISO-8601 instant") @Nullable @QueryValue String since,
            @Parameter(description = "at most this many, 1 to 1000 (default 50)") @Nullable @QueryValue String limit,
            @Parameter(description = "true: only acknowledged alerts; false: only unacknowledged ones") @Nullable @QueryValue String acknowledged,
            @Parameter(description = "true: only alerts a silence matched; false: only the others") @Nullable @QueryValue String silenced,
            @Parameter(description = "only alerts whose title contains this text (any case, at most 200 characters)") @Nullable @QueryValue String q,
            @Parameter(hidden = true) @Nullable @QueryValue Boolean local,
            @Parameter(hidden = true) @Nullable @QueryValue Boolean oldestFirst,
            @Parameter(hidden = true) HttpRequest<?> request) {
        Optional<String> countryCode = Optional.ofNullable(country).map(QueryApi::country);
        Optional<AlertRule> ruleValue = Optional.ofNullable(rule).map(QueryApi::rule);
        Optional<Severity> minSeverity = Optional.ofNullable(severity).map(QueryApi::severity);
        Instant from = since == null ? Instant.EPOCH : instant("since", since);
        int max = limit == null ? DEFAULT_LIMIT : limit(limit);
        Optional<Boolean> acked = Optional.ofNullable(acknowledged).map(v -> bool("acknowledged", v));
        Optional<Boolean> held = Optional.ofNullable(silenced).map(v -> bool("silenced", v));
        Optional<String> text = Optional.ofNullable(q).map(QueryApi::search);
        Predicate<Alert> filter = a -> countryCode.map(c -> c.equals(a.country())).orElse(true)
                && ruleValue.map(r -> r == a.rule()).orElse(true)
                && minSeverity.map(s -> a.severity().atLeast(s)).orElse(true)
                && text.map(t -> a.title() != null && a.title().toLowerCase(Locale.ROOT).contains(t)).orElse(true)
                && acked.map(want -> marks.ack(a).isPresent() == want).orElse(true)
                && held.map(want -> marks.silencedBy(a).isPresent() == want).orElse(true);
        if (Boolean.TRUE.equals(oldestFirst) && Boolean.TRUE.equals(local)) {
            // a page of a stream's catch-up, asked by another instance
            return new QueryAnswers.Alerts(this.local.oldestAlerts(from, max));
        }
        List<Alert> alerts = recent(from, filter, max, Boolean.TRUE.equals(local) ? null : localQuery(request));
        return new QueryAnswers.MarkedAlerts(alerts.stream().map(marks::marked).toList());
    }

    /**
     * Every alert the client missed since the one it saw last ({@code Last-Event-ID}), then each new
     * alert as it is committed: Server-Sent Events named {@code alert}, id = alert id, data = its JSON.
     * The stream starts with a {@code ready} event and sends a {@code heartbeat} every 20 s. When the missed
     * alerts cannot all be replayed (an unknown or expired {@code Last-Event-ID}, or more than
     * {@code releasewatch.api.streams.replay-max}), a {@code gap} event says so: read {@code /api/alerts} then.
     * At most {@code releasewatch.api.streams.max} streams are open at once; beyond that, 429 with Retry-After.
     */
    @Get(uri = "/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> stream(
            @Parameter(description = "id of the last alert received; the stream starts with those after it")
            @Nullable @Header("Last-Event-ID") String lastEventId) {
        if (!slots.tryAcquire()) {
            throw new StreamSlots.Exhausted("all " + slots.max() + " alert streams of this instance are open"
                    + " (releasewatch.api.streams.max); retry later");
        }
        // live first, so nothing falls between the history and the feed. An alert in both comes once: live
        // alerts skip the replayed ones (a set no larger than the replay), and while the replay is being
        // read the replay skips those already sent live; nothing is remembered for the connection's life
        Set<String> replayed = ConcurrentHashMap.newKeySet();
        Set<String> sentLive = ConcurrentHashMap.newKeySet();
        AtomicBoolean replaying = new AtomicBoolean(lastEventId != null);
        Flux<Event<String>> live = feed.live()
                .filter(a -> !replayed.contains(a.id()))
                .doOnNext(a -> {
                    if (replaying.get()) {
                        sentLive.add(a.id());
                    }
                })
                .map(this::alertEvent);
        // an ack made on any instance, as it arrives: the dashboard marks the alert if it shows it
        Flux<Event<String>> acked = acks.updates().map(a -> Event.of(Json.string(a)).name("ack"));
        Flux<Event<String>> missed = lastEventId == null ? Flux.empty() : Flux.defer(() -> {
                    Replay replay = missedSince(lastEventId);
                    replay.alerts().forEach(a -> replayed.add(a.id()));
                    Flux<Event<String>> alerts = Flux.fromIterable(replay.alerts()).filter(a -> !sentLive.contains(a.id()))
                            .map(this::alertEvent);
                    return replay.gap() == null ? alerts : alerts.concatWith(Flux.just(Event.of(Json.string(replay.gap())).name("gap")));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .doFinally(signal -> {
                    replaying.set(false);
                    sentLive.clear();
                });
        // "ready" at once, so clients (and proxies) see the stream open before the first alert; then a
        // heartbeat now and then keeps idle connections alive
        Flux<Event<String>> heartbeats = Flux.interval(HEARTBEAT, HEARTBEAT).map(i -> Event.of("{}").name("heartbeat"));
        return Flux.concat(Flux.just(Event.of("{}").name("ready")), Flux.merge(live, acked, missed, heartbeats))
                .doFinally(signal -> slots.release());
    }

    private Event<String> alertEvent(Alert a) {
        return Event.of(Json.string(marks.marked(a))).id(a.id()).name("alert");
    }

    /** The alerts to replay, oldest first, and why some could not be, if so. */
    record Replay(List<Alert> alerts, QueryAnswers.Gap gap) {
    }

    /**
     * The alerts emitted after {@code lastEventId}, oldest first, read page by page (each instance answers
     * its oldest ones after a cursor), up to {@code replay-max}.
     */
    Replay missedSince(String lastEventId) {
        Optional<Alert> seen = findAlert(lastEventId, false);
        if (seen.isEmpty()) {
            return new Replay(List.of(), gap("the alert " + lastEventId + " (Last-Event-ID) is not in the history (unknown,"
                    + " or older than releasewatch.rules.history-retention); missed alerts cannot be replayed", lastEventId, 0));
        }
        List<Alert> out = new ArrayList<>();
        Instant cursor = seen.get().emittedAt();
        Set<String> atCursor = new HashSet<>(Set.of(lastEventId));
        while (true) {
            Instant from = cursor;
            // the store's time range is inclusive and may reach back a window's size: keep only what is after the cursor
            List<Alert> page = oldestSince(cursor, MAX_LIMIT).stream()
                    .filter(a -> !a.emittedAt().isBefore(from) && !atCursor.contains(a.id())).toList();
            if (page.isEmpty()) {
                return new Replay(out, null);
            }
            for (Alert a : page) {
                if (out.size() >= limits.replayMax()) {
                    return new Replay(out, gap("more than " + limits.replayMax() + " alerts were missed"
                            + " (releasewatch.api.streams.replay-max); the oldest were replayed, read /api/alerts for the rest",
                            lastEventId, out.size()));
                }
                out.add(a);
                if (!a.emittedAt().equals(cursor)) {
                    cursor = a.emittedAt();
                    atCursor.clear();
                }
                atCursor.add(a.id());
            }
        }
    }

    private static QueryAnswers.Gap gap(String reason, String lastEventId, int replayed) {
        return new QueryAnswers.Gap(reason, lastEventId, replayed);
    }

    /** This instance's and every other instance's oldest alerts emitted at or after {@code since}, oldest first. */
    private List<Alert> oldestSince(Instant since, int max) {
        List<Alert> alerts = new ArrayList<>(this.local.oldestAlerts(since, max));
        for (HostInfo other : routing.others()) {
            alerts.addAll(readAlerts(routing.ask(other, "/api/alerts?local=true&oldestFirst=true&limit=" + max + "&since=" + since)));
        }
        return StateQueries.oldestFirst(alerts, max);
    }

    /**
     * The newest {@code max} alerts of every instance matching the filters of {@code /api/alerts} (each may be
     * null), for the other representations of the history (the Atom feed); a bad value is a 400 naming it.
     */
    public List<Alert> newest(@Nullable String country, @Nullable String rule, @Nullable String minSeverity, int max) {
        Optional<String> countryCode = Optional.ofNullable(country).map(QueryApi::country);
        Optional<AlertRule> ruleValue = Optional.ofNullable(rule).map(QueryApi::rule);
        Optional<Severity> min = Optional.ofNullable(minSeverity).map(QueryApi::severity);
        Predicate<Alert> filter = a -> countryCode.map(c -> c.equals(a.country())).orElse(true)
                && ruleValue.map(r -> r == a.rule()).orElse(true)
                && min.map(s -> a.severity().atLeast(s)).orElse(true);
        StringBuilder others = new StringBuilder("/api/alerts?local=true&limit=").append(max);
        countryCode.ifPresent(c -> others.append("&country=").append(c));
        ruleValue.ifPresent(r -> others.append("&rule=").append(r.name()));
        min.ifPresent(s -> others.append("&severity=").append(s.wire()));
        return recent(Instant.EPOCH, filter, max, others.toString());
    }

    /** One alert by id, from the history of whichever instance holds it. */
    public Optional<Alert> find(String id) {
        return findAlert(id, false);
    }

    /** The message {@code id} as a CAP 1.2 document, its references' {@code sent} times looked up; 404 if unknown. */
    HttpResponse<?> capDocument(String id) {
        return find(id)
                .<HttpResponse<?>>map(a -> HttpResponse.ok(cap.render(a, ref -> find(ref).map(Alert::emittedAt)
                        .filter(java.util.Objects::nonNull))).contentType(MediaType.of(CapRenderer.MEDIA_TYPE)))
                .orElseThrow(() -> new NotFound("no alert with id " + id));
    }

    /** One alert by id, from this instance's history or (unless {@code localOnly}) the other instance holding it. */
    private Optional<Alert> findAlert(String id, boolean localOnly) {
        Optional<Alert> found = this.local.alert(id);
        if (found.isEmpty() && !localOnly) {
            // the history is partitioned by country, not id: ask each other instance for this one key
            String path = "/api/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "?local=true";
            for (HostInfo other : routing.others()) {
                found = routing.askIfFound(other, path).map(json -> Json.read(json, Alert.class));
                if (found.isPresent()) {
                    break;
                }
            }
        }
        return found;
    }

    /** This instance's recent alerts and, when {@code queryForOthers} is given, every other instance's. */
    private List<Alert> recent(Instant since, Predicate<Alert> filter, int max, String queryForOthers) {
        List<Alert> alerts = new ArrayList<>(this.local.recentAlerts(since, filter, max));
        if (queryForOthers != null) {
            for (HostInfo other : routing.others()) {
                readAlerts(routing.ask(other, queryForOthers)).stream().filter(filter).forEach(alerts::add);
            }
        }
        return StateQueries.newestFirst(alerts, max);
    }

    /**
     * One alert, as on the alerts topic with its {@code ack} and {@code silenced} marks; 404 if unknown. As a CAP 1.2
     * document when the client asks for {@code application/cap+xml} and not for JSON (contract v1.2): one route for
     * both, because two routes of one path told apart only by what they produce make a request without
     * {@code Accept} ambiguous.
     */
    @Get(uri = "/alerts/{id}", produces = {MediaType.APPLICATION_JSON, CapRenderer.MEDIA_TYPE})
    public HttpResponse<?> alert(@PathVariable String id, @Parameter(hidden = true) @Nullable @QueryValue Boolean local,
                                 @Parameter(hidden = true) @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        if (accept != null && accept.contains(CapRenderer.MEDIA_TYPE) && !accept.contains(MediaType.APPLICATION_JSON)) {
            return capDocument(id);
        }
        Optional<Alert> found = findAlert(id, Boolean.TRUE.equals(local));
        return HttpResponse.ok(marks.marked(found.orElseThrow(() -> new NotFound("no alert with id " + id))))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** Distinct persons released from a country on a UTC day, and where they went. */
    @Get(uri = "/countries/{code}/releases", produces = MediaType.APPLICATION_JSON)
    public Object releases(
            @Parameter(description = "ISO 3166-1 alpha-2 code, any case") @PathVariable String code,
            @Parameter(description = "the UTC day, YYYY-MM-DD") @Nullable @QueryValue String date,
                                         @Parameter(hidden = true) @Nullable @QueryValue Boolean local) {
        String countryCode = country(code);
        if (date == null) {
            throw new BadParameter("date", "is required (YYYY-MM-DD)");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new BadParameter("date", "\"" + date + "\" is not a date (YYYY-MM-DD)");
        }
        if (!Boolean.TRUE.equals(local)) {
            Optional<HostInfo> owner = routing.ownerOf(AlertTopology.MASS_RELEASE_STORE, countryCode);
            if (owner.isPresent() && !routing.isSelf(owner.get())) {
                return Json.read(routing.ask(owner.get(), "/api/countries/" + countryCode + "/releases?local=true&date=" + day),
                        ObjectNode.class);
            }
        }
        org.releasewatch.rules.MassReleaseRule.DayAnswer answer = this.local.releases(countryCode, day);
        if (answer.gone()) {
            throw new ProblemException(HttpStatus.GONE, "the releases of " + countryCode + " on " + day + " are older than the day"
                    + " history keeps (releasewatch.history.retention, " + words(this.local.historyRetention())
                    + " behind the country's latest release)", "date");
        }
        DayTally tally = answer.tally();
        Instant windowStart = this.local.windowOf(day);
        // late: every report came after the day closed, so counted here, never by MASS_RELEASE
        return new QueryAnswers.DayReleases(countryCode, day.toString(), windowStart.toString(), tally.count(),
                tally.sortedByDestination(), tally.late() ? Boolean.TRUE : null, tally.uncounted() > 0 ? tally.uncounted() : null);
    }

    private static String words(java.time.Duration d) {
        return d.toHours() % 24 == 0 && d.toSeconds() % 3600 == 0 ? d.toDays() + " days" : d.toString();
    }

    /**
     * Distinct persons released from a country on each of the last {@code days} UTC days (by when they happened),
     * oldest first, with where they went: the country page's chart. Every instance counts the month itself.
     */
    @Get(uri = "/countries/{code}/days", produces = MediaType.APPLICATION_JSON)
    public QueryAnswers.CountryDays releaseDays(
            @Parameter(description = "ISO 3166-1 alpha-2 code, any case") @PathVariable String code,
            @Parameter(description = "how many days up to today, 1 to 31 (default 30)") @Nullable @QueryValue String days) {
        String countryCode = country(code);
        int n = 30;
        if (days != null) {
            try {
                n = Integer.parseInt(days);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > ReleaseDays.DAYS) {
                throw new BadParameter("days", "\"" + days + "\" is not a whole number from 1 to " + ReleaseDays.DAYS);
            }
        }
        return new QueryAnswers.CountryDays(countryCode, releaseDays.lastDays(countryCode, n));
    }

    /** Reliefs and the releases they are linked to (LINKED_RELIEF), fired or still waiting for a release. */
    @Get(uri = "/links", produces = MediaType.APPLICATION_JSON)
    public QueryAnswers.Links links(@Nullable @QueryValue String country, @Parameter(hidden = true) @Nullable @QueryValue Boolean local) {
        Optional<String> countryCode = Optional.ofNullable(country).map(QueryApi::country);
        List<ReliefState> links = new ArrayList<>(this.local.links(countryCode));
        if (!Boolean.TRUE.equals(local)) {
            for (HostInfo other : routing.others()) {
                ObjectNode there = Json.read(routing.ask(other, "/api/links?local=true"
                        + countryCode.map(c -> "&country=" + c).orElse("")), ObjectNode.class);
                links.addAll(Json.MAPPER.convertValue(there.get("links"), new TypeReference<List<ReliefState>>() { }));
            }
        }
        return new QueryAnswers.Links(links);
    }

    // ---- parameters -------------------------------------------------------------------------------------

    static String country(String value) {
        if (!value.matches("[A-Za-z]{2}")) {
            throw new BadParameter("country", "\"" + value + "\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")");
        }
        return value.toUpperCase(Locale.ROOT);
    }

    static AlertRule rule(String value) {
        try {
            return AlertRule.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("rule", "\"" + value + "\" is not one of " + AlertRule.listed());
        }
    }

    static Severity severity(String value) {
        try {
            return Severity.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("severity", "\"" + value + "\" is not one of info, warning, critical");
        }
    }

    static Instant instant(String parameter, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(parameter, "\"" + value + "\" is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T00:00:00Z\")");
        }
    }

    static boolean bool(String parameter, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadParameter(parameter, "\"" + value + "\" is not true or false");
        };
    }

    static String search(String value) {
        if (value.length() > MAX_SEARCH_CHARS) {
            throw new BadParameter("q", "is longer than " + MAX_SEARCH_CHARS + " characters");
        }
        return value.trim().toLowerCase(Locale.ROOT);
    }

    static int limit(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadParameter("limit", "\"" + value + "\" is not a whole number from 1 to " + MAX_LIMIT);
    }

    // ---- answers ----------------------------------------------------------------------------------------

    private static String localQuery(HttpRequest<?> request) {
        StringBuilder query = new StringBuilder(request.getPath()).append("?local=true");
        request.getParameters().forEach((name, values) -> {
            if (!name.equals("local")) {
                values.forEach(v -> query.append('&').append(name).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            }
        });
        return query.toString();
    }

    private static List<Alert> readAlerts(String json) {
        ObjectNode body = Json.read(json, ObjectNode.class);
        return Json.MAPPER.convertValue(body.get("alerts"), new TypeReference<List<Alert>>() { });
    }
}
