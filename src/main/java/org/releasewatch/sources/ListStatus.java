package org.releasewatch.sources;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one list's runner (a sanctions list or a prisoner roster) knows about its list, for {@code GET /api/sources} and {@code /health}. Thread-safe. */
public final class ListStatus {

    static final int MAX_UNRESOLVED = 100;

    /** A fetch that was refused because the list shrank too much. */
    public record Refusal(Instant at, int entries, int previousEntries, String sha256, String reason) {
    }

    /** A change whose country could not be resolved. */
    public record Unresolved(Instant at, String action, String entryId, String name, List<String> programmes) {
    }

    private final String listId;
    private final String kind;
    private final String format;
    private final String url;
    private final String interval;
    private boolean owner;
    private Instant lastFetchAt;
    private String lastOutcome;
    private Instant lastSuccessAt;
    private String etag;
    private String lastModified;
    private Instant publishedAt;
    private Integer entries;
    private Instant lastChangeAt;
    private int lastChangeEvents;
    private Instant lastErrorAt;
    private String lastError;
    private Refusal refusal;
    private String acceptedSha256;
    private String acceptedBy;
    private long unresolvedTotal;
    private final Deque<Unresolved> unresolved = new ArrayDeque<>();
    private boolean loopAlive = true; // its thread is started right after; DOWN only once it stopped or died
    private int loopRestarts;
    private String loopError;

    ListStatus(String listId, String kind, String format, String url, String interval) {
        this.listId = listId;
        this.kind = kind;
        this.format = format;
        this.url = Redact.url(url);
        this.interval = interval;
    }

    public String listId() {
        return listId;
    }

    synchronized void owner(boolean owner) {
        this.owner = owner;
    }

    public synchronized boolean owner() {
        return owner;
    }

    synchronized void fromSnapshot(Snapshot.Meta meta) {
        if (meta != null) {
            etag = meta.etag();
            lastModified = meta.lastModified();
            publishedAt = meta.publishedAt();
            entries = meta.entries();
            lastChangeAt = meta.changedAt();
        }
    }

    synchronized void notModified(Instant at) {
        lastFetchAt = at;
        lastSuccessAt = at;
        lastOutcome = "not-modified";
        clearError();
    }

    synchronized void accepted(Instant at, String outcome, Snapshot.Meta meta, int events) {
        lastFetchAt = at;
        lastSuccessAt = at;
        lastOutcome = outcome;
        fromSnapshot(meta);
        if (events > 0) {
            lastChangeEvents = events;
        }
        refusal = null;
        acceptedSha256 = null;
        clearError();
    }

    synchronized void failed(Instant at, String reason) {
        lastFetchAt = at;
        lastOutcome = "failed";
        lastErrorAt = at;
        lastError = reason;
    }

    synchronized void refused(Instant at, Refusal refusal) {
        lastFetchAt = at;
        lastOutcome = "refused";
        lastErrorAt = at;
        lastError = refusal.reason();
        this.refusal = refusal;
    }

    private void clearError() {
        lastError = null;
        lastErrorAt = null;
    }

    synchronized Refusal refusal() {
        return refusal;
    }

    /** Lets the next download with the refused download's content through; false when nothing is refused. */
    synchronized boolean accept(String by) {
        if (refusal == null) {
            return false;
        }
        acceptedSha256 = refusal.sha256();
        acceptedBy = by;
        return true;
    }

    synchronized boolean isAccepted(String sha256) {
        return sha256 != null && sha256.equals(acceptedSha256);
    }

    synchronized String acceptedBy() {
        return acceptedBy;
    }

    synchronized void unresolved(Unresolved u) {
        unresolvedTotal++;
        unresolved.addFirst(u);
        while (unresolved.size() > MAX_UNRESOLVED) {
            unresolved.removeLast();
        }
    }

    synchronized void loop(boolean alive, int restarts, String error) {
        loopAlive = alive;
        loopRestarts = restarts;
        loopError = error;
    }

    public synchronized boolean loopAlive() {
        return loopAlive;
    }

    /** True when the last fetch failed or was refused. */
    public synchronized boolean failing() {
        return lastError != null;
    }

    public synchronized Integer entries() {
        return entries;
    }

    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("list", listId);
        m.put("kind", kind);
        m.put("format", format);
        m.put("url", url);
        m.put("interval", interval);
        m.put("fetchedHere", owner);
        m.put("state", !loopAlive ? "loop-down" : refusal != null ? "refused" : lastError != null ? "failing"
                : !owner ? "standby" : lastFetchAt == null ? "starting" : "ok");
        m.put("lastFetch", lastFetchAt);
        m.put("lastOutcome", lastOutcome);
        m.put("lastSuccess", lastSuccessAt);
        m.put("etag", etag);
        m.put("lastModified", lastModified);
        m.put("publishedAt", publishedAt);
        m.put("entries", entries);
        m.put("lastChange", lastChangeAt);
        m.put("lastChangeEvents", lastChangeEvents);
        m.put("lastError", lastError == null ? null : Map.of("at", lastErrorAt, "reason", lastError));
        m.put("refused", refusal == null ? null : refusalMap());
        m.put("unresolvedTotal", unresolvedTotal);
        m.put("unresolved", new ArrayList<>(unresolved));
        m.put("loop", loopError == null ? Map.of("alive", loopAlive, "restarts", loopRestarts)
                : Map.of("alive", loopAlive, "restarts", loopRestarts, "lastError", loopError));
        return m;
    }

    private Map<String, Object> refusalMap() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("at", refusal.at());
        r.put("entries", refusal.entries());
        r.put("previousEntries", refusal.previousEntries());
        r.put("sha256", refusal.sha256());
        r.put("reason", refusal.reason());
        r.put("acceptedBy", acceptedSha256 == null ? null : acceptedBy);
        return r;
    }
}
