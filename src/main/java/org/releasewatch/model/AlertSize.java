package org.releasewatch.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.releasewatch.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps an alert's JSON under a byte cap, however many or however long the events behind it: an alert record
 * must always fit its topic, or the producer rejects it and the stream thread that emitted it fails on the same
 * record again and again. If the alert without its evidence takes more than half the cap, its title and the
 * strings in {@code details} are shortened with an ellipsis, then arrays in {@code details} cut (each such field
 * named in {@code details.truncated}), and as the last resort {@code details} keeps only that note. Then the
 * evidence: the later sources, then the later event ids, as many as fit, counted in
 * {@code evidence.sourcesOmitted} / {@code eventIdsOmitted}. The id, rule, severity, country and times are never
 * touched, so it is still the same alert. Never throws.
 */
public final class AlertSize {

    /** The cap of an alert record's value: a quarter of Kafka's default 1 MiB, so it is always well under. */
    public static final int MAX_BYTES = 256 * 1024;
    static final int MAX_TEXT = 512;
    static final int MAX_DETAIL_ITEMS = 20;
    private static final String TRUNCATED = "truncated";

    private AlertSize() {
    }

    /** The alert itself if it fits, else a trimmed copy that does. */
    public static Alert fit(Alert alert, int maxBytes) {
        if (size(alert) <= maxBytes) {
            return alert;
        }
        Alert a = alert.evidence() == null ? with(alert, new Evidence(List.of(), List.of())) : alert;
        // 1. the rest of the alert first, if it alone takes more than half the cap: long strings in the title and
        //    details, then long arrays in details, then (last resort) details reduced to a note
        int budget = maxBytes / 2;
        if (sizeWithoutEvidence(a) > budget) {
            List<String> truncated = new ArrayList<>();
            JsonNode details = a.details() == null ? null : a.details().deepCopy();
            if (details != null) {
                shorten(details, "", truncated, MAX_TEXT, Integer.MAX_VALUE);
            }
            String title = a.title() == null ? null : cut(a.title(), MAX_TEXT);
            a = withDetails(a, title, mark(details, truncated));
        }
        if (sizeWithoutEvidence(a) > budget && a.details() != null) {
            List<String> truncated = new ArrayList<>(listed(a.details()));
            JsonNode details = a.details().deepCopy();
            shorten(details, "", truncated, MAX_TEXT, MAX_DETAIL_ITEMS);
            a = withDetails(a, a.title(), mark(details, truncated));
        }
        if (sizeWithoutEvidence(a) > budget) {
            ObjectNode only = JsonNodeFactory.instance.objectNode();
            only.putArray(TRUNCATED).add("details");
            a = withDetails(a, a.title(), only);
        }
        // 2. then the evidence: the later sources (up to 2 KiB each), then the later event ids, as many as fit
        if (size(a) > maxBytes) {
            a = trimSources(a, maxBytes);
        }
        if (size(a) > maxBytes) {
            a = trimEventIds(a, maxBytes);
        }
        return a;
    }

    private static int sizeWithoutEvidence(Alert a) {
        return size(with(a, new Evidence(List.of(), List.of())));
    }

    public static int size(Alert alert) {
        return Json.bytes(alert).length;
    }

    private static Alert trimSources(Alert a, int maxBytes) {
        Evidence e = a.evidence();
        int keep = largestFitting(e.sources().size(), n -> size(with(a, sources(e, n))) <= maxBytes);
        return with(a, sources(e, keep));
    }

    private static Alert trimEventIds(Alert a, int maxBytes) {
        Evidence e = a.evidence();
        int keep = largestFitting(e.eventIds().size(), n -> size(with(a, eventIds(e, n))) <= maxBytes);
        return with(a, eventIds(e, keep));
    }

    /** The largest n in [0, all] with fits(n) true, assuming fits is monotone; 0 if none. */
    private static int largestFitting(int all, java.util.function.IntPredicate fits) {
        int lo = 0;
        int hi = all;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fits.test(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static Evidence sources(Evidence e, int keep) {
        int dropped = e.sources().size() - keep;
        return new Evidence(e.eventIds(), e.sources().subList(0, keep), e.eventIdsOmitted(),
                add(e.sourcesOmitted(), dropped));
    }

    private static Evidence eventIds(Evidence e, int keep) {
        int dropped = e.eventIds().size() - keep;
        return new Evidence(e.eventIds().subList(0, keep), e.sources(), add(e.eventIdsOmitted(), dropped),
                e.sourcesOmitted());
    }

    private static Integer add(Integer omitted, int more) {
        int total = (omitted == null ? 0 : omitted) + more;
        return total > 0 ? total : null;
    }

    /** Shortens strings longer than maxText and arrays longer than maxItems in place; names each in truncated. */
    private static void shorten(JsonNode node, String path, List<String> truncated, int maxText, int maxItems) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            fields.forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> f : entries) {
                String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                JsonNode v = f.getValue();
                if (v.isTextual() && v.asText().codePointCount(0, v.asText().length()) > maxText) {
                    object.set(f.getKey(), new TextNode(cut(v.asText(), maxText)));
                    note(truncated, at);
                } else {
                    shorten(v, at, truncated, maxText, maxItems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            if (array.size() > maxItems) {
                while (array.size() > maxItems) {
                    array.remove(array.size() - 1);
                }
                note(truncated, path);
            }
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (v.isTextual() && v.asText().codePointCount(0, v.asText().length()) > maxText) {
                    array.set(i, new TextNode(cut(v.asText(), maxText)));
                    note(truncated, path);
                } else {
                    shorten(v, path, truncated, maxText, maxItems);
                }
            }
        }
    }

    private static void note(List<String> truncated, String path) {
        if (!truncated.contains(path) && !path.equals(TRUNCATED) && !path.startsWith(TRUNCATED + ".")) {
            truncated.add(path);
        }
    }

    private static List<String> listed(JsonNode details) {
        List<String> out = new ArrayList<>();
        details.path(TRUNCATED).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode mark(JsonNode details, List<String> truncated) {
        if (truncated.isEmpty() || !(details instanceof ObjectNode object)) {
            return details;
        }
        ArrayNode list = object.putArray(TRUNCATED);
        truncated.forEach(list::add);
        return object;
    }

    /** The first max code points and an ellipsis (never splits a surrogate pair). */
    static String cut(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max)) + "…";
    }

    private static Alert with(Alert a, Evidence e) {
        return a.withEvidence(e);
    }

    private static Alert withDetails(Alert a, String title, JsonNode details) {
        return a.withTitleAndDetails(title, details);
    }
}
