package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.releasewatch.api.access.Access;
import org.releasewatch.config.IngestConfig;
import org.releasewatch.ingest.validation.EventValidator;
import org.releasewatch.ingest.validation.Validated;
import org.releasewatch.json.Json;
import org.releasewatch.model.BadParameter;
import org.releasewatch.model.Priority;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.watchlist.CsvWriter;
import org.releasewatch.watchlist.EntryCheck;
import org.releasewatch.watchlist.ImportFile;
import org.releasewatch.watchlist.ImportPlan;
import org.releasewatch.watchlist.Listed;
import org.releasewatch.watchlist.WatchlistConfig;
import org.releasewatch.watchlist.WatchlistEntryRequest;
import org.releasewatch.watchlist.WatchlistView;
import org.releasewatch.watchlist.WatchlistWriter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The watchlist for the people who keep it: search it, add, change and remove a person, import a spreadsheet
 * (CSV or JSON lines) and export the list. Reads come from this instance's {@link WatchlistView}; every write
 * is a record on the contract's watchlist topic (a tombstone for a removal), checked first by the ingest's own
 * validation, carrying the operator and time as headers, and answered once this instance's view shows it.
 * Writes are non-GET methods under {@code /api}, so the access filter asks for an operator token.
 */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@SecurityRequirement(name = "operatorToken")
@Controller("/api/watchlist")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "watchlist", description = "The persons whose release raises a WATCHLIST_RELEASE alert")
public class WatchlistApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_QUERY = 256;
    /** Ids listed per outcome in an import's answer; the counts are always complete. */
    static final int MAX_IDS_LISTED = 5000;
    static final int MAX_ERRORS_LISTED = 1000;
    static final String UNKNOWN_OPERATOR = "unknown";

    private final WatchlistView view;
    private final WatchlistWriter writer;
    private final WatchlistConfig config;
    private final EntryCheck check;

    public WatchlistApi(WatchlistView view, WatchlistWriter writer, WatchlistConfig config, IngestConfig ingest) {
        this.view = view;
        this.writer = writer;
        this.config = config;
        this.check = new EntryCheck(new EventValidator(ingest.maxBytes(), ingest.maxFutureSkew(), Clock.systemUTC()));
    }

    // ---- reads ------------------------------------------------------------------------------------------

    @Operation(summary = "Search the watchlist",
            description = "Persons sorted by name. `query` matches part of the name or the person id, ignoring case and "
                    + "accents. Pages with `nextCursor`: pass it as `cursor` for the next page (null on the last). "
                    + "Each person shows who changed the entry last and when (`changedBy` is null for a record a partner "
                    + "wrote to the topic directly).")
    @ApiResponse(responseCode = "200", description = "`{entries: [{personId, name, priority, note, changedBy, changedAt}], matches, total, nextCursor}`")
    @ApiResponse(responseCode = "400", description = "a bad parameter (problem JSON naming it in `parameter`)")
    @ApiResponse(responseCode = "503", description = "this instance is still loading the list")
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> search(
            @Parameter(description = "part of a name or person id, up to 256 characters") @Nullable @QueryValue String query,
            @Parameter(description = "high or normal") @Nullable @QueryValue String priority,
            @Parameter(description = "at most this many, 1 to 1000 (default 100)") @Nullable @QueryValue String limit,
            @Parameter(description = "`nextCursor` of the previous page") @Nullable @QueryValue String cursor) {
        if (query != null && query.length() > MAX_QUERY) {
            throw new BadParameter("query", "is " + query.length() + " characters, longer than " + MAX_QUERY);
        }
        Priority wanted = priority == null || priority.isBlank() ? null : priority(priority);
        int max = limit == null ? DEFAULT_LIMIT : limit(limit);
        String after = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
        requireLoaded();
        WatchlistView.Page page = view.page(query, wanted, max, after);
        return answer(HttpStatus.OK, new Found(page.entries().stream().map(WatchlistApi::row).toList(), page.matches(),
                view.size(), page.nextAfter() == null ? null : encodeCursor(page.nextAfter())));
    }

    /** A page of the search: the persons, how many match, how many the list holds, and the cursor of the next page. */
    record Found(List<Row> entries, int matches, int total, String nextCursor) {
    }

    /** A person as the watchlist shows them: the entry, and who changed it last and when. */
    record Row(String personId, String name, String priority, String note, String changedBy, String changedAt) {
    }

    @Operation(summary = "One person on the watchlist")
    @ApiResponse(responseCode = "200", description = "`{personId, name, priority, note, changedBy, changedAt}`")
    @ApiResponse(responseCode = "404", description = "the person is not on the watchlist")
    @Get(uri = "/{personId}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> one(@Parameter(description = "the person id, e.g. viasna:1") @PathVariable String personId) {
        if (personId.equals("export")) {
            // the router picks this route over /export when Accept lists JSON; the export answers CSV whatever
            // Accept says (contract v1.2), so "export" is never a person id here
            return export();
        }
        requireLoaded();
        return view.get(personId).<HttpResponse<?>>map(l -> answer(HttpStatus.OK, row(l)))
                .orElseThrow(() -> notOnList(personId));
    }

    @Operation(summary = "The watchlist as CSV",
            description = "UTF-8 with a byte-order mark (so spreadsheets read accents right), a header row "
                    + "`personId,name,priority,note`, comma-separated, quoted where needed. Importing it again changes nothing.")
    @ApiResponse(responseCode = "200", description = "the list", content = @Content(mediaType = "text/csv"))
    @Get(uri = "/export", produces = "text/csv")
    public HttpResponse<String> export() {
        requireLoaded();
        CsvWriter csv = new CsvWriter().row(List.of("personId", "name", "priority", "note"));
        for (Listed l : view.all()) {
            WatchlistEntry e = l.entry();
            csv.row(java.util.Arrays.asList(e.personId(), e.name(), wire(e.priority()), e.note()));
        }
        return HttpResponse.ok("\uFEFF" + csv)
                .contentType(new MediaType("text/csv; charset=utf-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"watchlist.csv\"");
    }

    // ---- writes -----------------------------------------------------------------------------------------

    @Operation(summary = "Add a person, or replace their entry (operator)",
            description = "The body is a WatchlistEntry; its `personId` may be left out, and otherwise must equal the path. "
                    + "Checked exactly as the ingest checks a record of the watchlist topic (personId ≤ 128 characters, "
                    + "name 1–256, priority high or normal, note ≤ 1024), then written to the topic with the operator's "
                    + "name and the time. Answers once this instance shows the change.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject("{\"name\": \"Ales Bialiatski\", \"priority\": \"high\", \"note\": \"Nobel laureate\"}")))
    @ApiResponse(responseCode = "201", description = "added")
    @ApiResponse(responseCode = "200", description = "replaced")
    @ApiResponse(responseCode = "400", description = "the body is not a JSON object")
    @ApiResponse(responseCode = "422", description = "a field is wrong (problem JSON naming it in `field`)")
    @ApiResponse(responseCode = "503", description = "the topic cannot be written now; nothing was written")
    @Put(uri = "/{personId}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> put(@PathVariable String personId, @Body WatchlistEntryRequest body,
                                    @Parameter(hidden = true) HttpRequest<?> request) {
        String given = body.givenPersonId();
        if (given != null && !given.equals(personId)) {
            throw fieldProblem("personId: " + body.personId()
                    + " does not equal the person id in the path \"" + personId + "\" (leave it out, or make them equal)");
        }
        Validated<WatchlistEntry> result = check.check(personId, body.record(personId));
        if (result instanceof Validated.Invalid<WatchlistEntry> invalid) {
            throw fieldProblem(invalid.error());
        }
        WatchlistEntry entry = ((Validated.Valid<WatchlistEntry>) result).value();
        requireLoaded();
        boolean isNew = view.get(personId).isEmpty();
        if (isNew && view.size() >= config.maxEntries()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "the watchlist holds its maximum of " + config.maxEntries()
                    + " persons (releasewatch.watchlist.max-entries); remove someone first", null);
        }
        boolean visible = view.awaitPast(writer.write(List.of(new ImportPlan.Write(personId, entry)), operator(request)),
                config.visibleTimeout());
        Optional<Listed> now = view.get(personId);
        Object answer = now.filter(l -> l.entry().equals(entry)).<Object>map(WatchlistApi::row).orElse(entry);
        return answer(!visible ? HttpStatus.ACCEPTED : isNew ? HttpStatus.CREATED : HttpStatus.OK, answer);
    }

    @Operation(summary = "Remove a person (operator)",
            description = "Writes a tombstone for the person to the watchlist topic, with the operator's name and the time.")
    @ApiResponse(responseCode = "204", description = "removed")
    @ApiResponse(responseCode = "404", description = "the person is not on the watchlist")
    @Delete(uri = "/{personId}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> delete(@PathVariable String personId, @Parameter(hidden = true) HttpRequest<?> request) {
        requireLoaded();
        view.awaitCurrent(config.visibleTimeout()); // a person added a moment ago on another instance is known here too
        if (view.get(personId).isEmpty()) {
            throw notOnList(personId);
        }
        boolean visible = view.awaitPast(writer.write(List.of(new ImportPlan.Write(personId, null)), operator(request)),
                config.visibleTimeout());
        return visible ? HttpResponse.noContent() : HttpResponse.accepted();
    }

    @Operation(summary = "Import a list (operator)",
            description = """
                    CSV with a header row naming the columns `personId`, `name`, `priority`, `note` in any order (other \
                    columns are ignored and listed), UTF-8 (a byte-order mark is fine), separated by `,` or `;` (found from \
                    the header row), fields in double quotes where they hold a separator, quote or line break. Or JSON lines \
                    (Content-Type `application/x-ndjson`, one WatchlistEntry per line). The answer lists what is added, \
                    changed, unchanged and — with `replace=true` — removed, and every invalid row by line number and reason \
                    (a person id twice in the file is an error naming both lines). Nothing is written while any row is \
                    invalid, unless `partial=true`; `dryRun=true` writes nothing. The writes go in one Kafka transaction.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = "text/csv", examples = @ExampleObject("personId,name,priority,note\nviasna:1,Ales Bialiatski,high,\"Nobel laureate, 2022\"\n")),
            @Content(mediaType = "application/x-ndjson", examples = @ExampleObject("{\"personId\":\"viasna:1\",\"name\":\"Ales Bialiatski\",\"priority\":\"high\"}\n"))})
    @ApiResponse(responseCode = "200", description = "`{applied, added: {count, personIds}, changed, unchanged, removed, invalid: {count, rows: [{line, personId, error}]}, …}`")
    @ApiResponse(responseCode = "400", description = "the file cannot be read at all (not UTF-8, no personId or name column, empty)")
    @ApiResponse(responseCode = "422", description = "some rows are invalid and `partial` is not set: the same report, nothing written")
    @ApiResponse(responseCode = "503", description = "the list or the topic is not reachable now; nothing was written")
    @Post(uri = "/import", consumes = {"text/csv", "application/x-ndjson", "application/jsonl", "application/json",
            "text/plain", "application/octet-stream", "application/vnd.ms-excel"}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> importFile(
            @Body byte[] body,
            @Parameter(description = "true: report what would change, write nothing") @Nullable @QueryValue String dryRun,
            @Parameter(description = "true: the file is the whole list; persons not in it are removed") @Nullable @QueryValue String replace,
            @Parameter(description = "true: write the valid rows even if some are invalid") @Nullable @QueryValue String partial,
            @Parameter(description = "csv or jsonl; by default from the Content-Type") @Nullable @QueryValue String format,
            @Parameter(hidden = true) HttpRequest<?> request) {
        long started = System.nanoTime();
        boolean isDryRun = flag("dryRun", dryRun);
        boolean isReplace = flag("replace", replace);
        boolean isPartial = flag("partial", partial);
        ImportFile.Format fileFormat = format(format, request.getContentType().orElse(null), body);
        ImportFile.Parsed parsed;
        try {
            parsed = ImportFile.read(body == null ? new byte[0] : body, fileFormat, check, config.maxEntries());
        } catch (ImportFile.Unreadable e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, e.getMessage(), null);
        }
        requireLoaded();
        if (!view.awaitCurrent(config.visibleTimeout())) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "this instance could not read the current watchlist from "
                    + "the topic in time; nothing was written, try again", null);
        }
        List<ImportFile.Row> invalid = parsed.invalid();
        Set<String> keptByInvalidRows = new HashSet<>();
        invalid.stream().map(ImportFile.Row::personId).filter(id -> id != null).forEach(keptByInvalidRows::add);
        Map<String, WatchlistEntry> current = view.entries();
        ImportPlan plan = ImportPlan.of(current, parsed.entries(), keptByInvalidRows, isReplace);
        int after = current.size() + plan.added().size() - plan.removed().size();
        ObjectNode report = report(parsed, plan, isDryRun, isReplace, isPartial);
        if (after > config.maxEntries()) {
            throw problemReport(report, "the list would hold " + after
                    + " persons, more than " + config.maxEntries() + " (releasewatch.watchlist.max-entries); nothing was written");
        }
        if (!invalid.isEmpty() && !isPartial && !isDryRun) {
            throw problemReport(report, invalid.size() + " of " + parsed.rows().size()
                    + " rows are invalid (see invalid.rows); nothing was written. Fix them, or import with partial=true "
                    + "to write the valid rows");
        }
        boolean applied = false;
        boolean visible = true;
        if (!isDryRun) {
            List<ImportPlan.Write> writes = plan.writes();
            visible = view.awaitPast(writer.write(writes, operator(request)), config.visibleTimeout());
            applied = true;
        }
        report.put("applied", applied);
        report.put("visible", visible);
        report.put("tookMs", (System.nanoTime() - started) / 1_000_000);
        return answer(HttpStatus.OK, report);
    }

    // ---- answers ----------------------------------------------------------------------------------------

    private static ObjectNode report(ImportFile.Parsed parsed, ImportPlan plan, boolean dryRun, boolean replace, boolean partial) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("dryRun", dryRun).put("replace", replace).put("partial", partial).put("applied", false);
        r.put("format", parsed.format() == ImportFile.Format.CSV ? "csv" : "jsonl");
        if (parsed.separator() != null) {
            r.put("separator", parsed.separator());
        }
        r.put("rows", parsed.rows().size());
        r.set("ignoredColumns", Json.tree(parsed.ignoredColumns()));
        r.set("added", outcome(plan.added().stream().map(WatchlistEntry::personId).toList()));
        r.set("changed", outcome(plan.changed().stream().map(WatchlistEntry::personId).toList()));
        r.set("unchanged", outcome(plan.unchanged()));
        r.set("removed", outcome(plan.removed()));
        ObjectNode invalid = r.putObject("invalid");
        List<ImportFile.Row> rows = parsed.invalid();
        invalid.put("count", rows.size());
        ArrayNode list = invalid.putArray("rows");
        rows.stream().limit(MAX_ERRORS_LISTED).forEach(row -> list.addObject().put("line", row.line())
                .put("personId", row.personId()).put("error", row.error()));
        if (rows.size() > MAX_ERRORS_LISTED) {
            invalid.put("rowsOmitted", rows.size() - MAX_ERRORS_LISTED);
        }
        return r;
    }

    private static ObjectNode outcome(List<String> ids) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("count", ids.size());
        ArrayNode list = o.putArray("personIds");
        ids.stream().limit(MAX_IDS_LISTED).forEach(list::add);
        if (ids.size() > MAX_IDS_LISTED) {
            o.put("personIdsOmitted", ids.size() - MAX_IDS_LISTED);
        }
        return o;
    }

    /** A refused import: a 422 whose problem carries the report, so the rows to fix are in the answer. */
    @SuppressWarnings("unchecked")
    private static ProblemException problemReport(ObjectNode report, String detail) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, detail, null, Json.MAPPER.convertValue(report, Map.class));
    }

    static Row row(Listed l) {
        WatchlistEntry e = l.entry();
        return new Row(e.personId(), e.name(), wire(e.priority()), e.note(), l.changedBy(),
                l.changedAt() == null ? null : l.changedAt().toString());
    }

    private static String wire(Priority p) {
        return p == Priority.HIGH ? "high" : "normal";
    }

    private static NotFound notOnList(String personId) {
        return new NotFound("\"" + personId + "\" is not on the watchlist");
    }

    /** A 422 about a field of the entry: its name in {@code field} (watchlist.md), the reason in {@code detail}. */
    private static ProblemException fieldProblem(String error) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, error, null, Map.of("field", EntryCheck.field(error)));
    }

    private static HttpResponse<Object> answer(HttpStatus status, Object body) {
        return HttpResponse.status(status).body(body);
    }

    private void requireLoaded() {
        if (!view.loaded()) {
            throw new NotLoaded();
        }
    }

    /** This instance has not read the watchlist topic yet: a 503 ({@link ApiErrors}). */
    static final class NotLoaded extends RuntimeException {
    }

    private static String operator(HttpRequest<?> request) {
        return Access.operator(request).filter(s -> !s.isBlank()).orElse(UNKNOWN_OPERATOR);
    }

    // ---- parameters -------------------------------------------------------------------------------------

    static Priority priority(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "high" -> Priority.HIGH;
            case "normal" -> Priority.NORMAL;
            default -> throw new BadParameter("priority", "\"" + value + "\" is not one of high, normal");
        };
    }

    static int limit(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadParameter("limit", "\"" + value + "\" is not a whole number from 1 to " + MAX_LIMIT);
    }

    static boolean flag(String name, String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new BadParameter(name, "\"" + value + "\" is not true or false");
        };
    }

    static ImportFile.Format format(String param, MediaType contentType, byte[] body) {
        if (param != null && !param.isBlank()) {
            return switch (param.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> ImportFile.Format.CSV;
                case "jsonl", "ndjson", "json" -> ImportFile.Format.JSON_LINES;
                default -> throw new BadParameter("format", "\"" + param + "\" is not csv or jsonl");
            };
        }
        String type = contentType == null ? "" : contentType.getName().toLowerCase(Locale.ROOT);
        if (type.contains("json")) {
            return ImportFile.Format.JSON_LINES;
        }
        if (type.contains("csv") || type.equals("application/vnd.ms-excel")) {
            return ImportFile.Format.CSV;
        }
        // text/plain or a browser's octet-stream: JSON lines start with an object
        String start = body == null ? "" : new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8)
                .replace("\uFEFF", "").stripLeading();
        return start.startsWith("{") ? ImportFile.Format.JSON_LINES : ImportFile.Format.CSV;
    }

    static String encodeCursor(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (key.indexOf('\u0000') >= 0) {
                return key;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new BadParameter("cursor", "is not a cursor this API gave out (use nextCursor of the previous page)");
    }
}
