package org.releasewatch.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation a user clones is whole: every relative link of README.md and docs/*.md reaches a file of the
 * repository (and a heading, for an anchor), the README stays short and links every page, no page of docs/ but the
 * contract grows past 15 KiB, and the field tables of docs/contract.md say what the JSON Schemas enforce. No
 * network: external links are not followed.
 */
@Fast
class DocsLinksTest {

    static final int README_MAX_BYTES = 12_288;
    /** A page a newcomer reads in one sitting; the contract, a reference, is exempt. */
    static final int PAGE_MAX_BYTES = 15 * 1024;

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    private static final Pattern INLINE_LINK = Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+\"[^\"]*\")?\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void readmeIsAtMost12KiB() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md"))).isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    void everyDocsPageButTheContractIsAtMost15KiB() throws IOException {
        Map<String, Long> over = new TreeMap<>();
        for (Path page : pages()) {
            String name = ROOT.relativize(page).toString().replace('\\', '/');
            if (name.startsWith("docs/") && !name.equals("docs/contract.md") && Files.size(page) > PAGE_MAX_BYTES) {
                over.put(name, Files.size(page));
            }
        }
        assertThat(over).as("pages over " + PAGE_MAX_BYTES + " bytes (split them, or move history to git)").isEmpty();
    }

    @Test
    void theReadmeLinksEveryDocsPage() throws IOException {
        Path readme = ROOT.resolve("README.md");
        Set<Path> linked = new java.util.HashSet<>();
        for (String target : links(Files.readString(readme))) {
            if (!SCHEME.matcher(target).find()) {
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                linked.add(readme.getParent().resolve(decode(file)).normalize());
            }
        }
        List<String> unlinked = new ArrayList<>();
        for (Path page : pages()) {
            if (!page.equals(readme) && !linked.contains(page)) {
                unlinked.add(ROOT.relativize(page).toString());
            }
        }
        assertThat(unlinked).as("docs pages the README does not link").isEmpty();
    }

    @Test
    void everyRelativeLinkAndAnchorResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String target : links(Files.readString(page))) {
                if (SCHEME.matcher(target).find()) {
                    continue; // http(s), mailto: not followed, no network
                }
                checked++;
                problem(page, target).ifPresent(p -> broken.add(ROOT.relativize(page) + ": (" + target + ") " + p));
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(50);
    }

    @Test
    void theLinkCheckerRefusesWhatItShould() throws IOException {
        Path readme = ROOT.resolve("README.md");
        assertThat(problem(readme, "../shared/contract.md")).hasValueSatisfying(p -> assertThat(p).contains("outside"));
        assertThat(problem(readme, "docs/no-such-page.md")).hasValueSatisfying(p -> assertThat(p).contains("no such file"));
        assertThat(problem(readme, "docs/rules.md#no-such-heading")).hasValueSatisfying(p -> assertThat(p).contains("no heading"));
        assertThat(problem(readme, "docs/rules.md#the-rules")).isEmpty();
        assertThat(links("[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n[d]: w.md\n")).containsExactly("x.md", "w.md");
    }

    @Test
    void headingsGetGitHubSlugs() {
        assertThat(slugs("## Time, and what \"late\" means\n## `releasewatch.api.token`: the read token\n"
                + "## Slack, Mattermost, Rocket.Chat: `format: slack`\n## Topics\n## Topics\n```\n## not a heading\n```\n"))
                .containsExactly("time-and-what-late-means", "releasewatchapitoken-the-read-token",
                        "slack-mattermost-rocketchat-format-slack", "topics", "topics-1");
    }

    /** Why a link does not resolve, or empty when it does. */
    static java.util.Optional<String> problem(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(decode(file)).normalize();
        if (!resolved.startsWith(ROOT)) {
            return java.util.Optional.of("points outside the repository");
        }
        if (!Files.exists(resolved)) {
            return java.util.Optional.of("no such file " + ROOT.relativize(resolved));
        }
        if (anchor != null && !anchor.isEmpty()) {
            if (!resolved.toString().endsWith(".md")) {
                return java.util.Optional.of("anchor on a file that is not Markdown");
            }
            if (!slugs(Files.readString(resolved)).contains(decode(anchor).toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of("no heading #" + anchor + " in " + ROOT.relativize(resolved));
            }
        }
        return java.util.Optional.empty();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Link targets outside fenced code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> out = new ArrayList<>();
        for (String line : proseLines(markdown)) {
            Matcher ref = REFERENCE_LINK.matcher(line);
            if (ref.matches()) {
                out.add(ref.group(1));
                continue;
            }
            Matcher m = INLINE_LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to '-', repeats numbered. */
    static List<String> slugs(String markdown) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(markdown)) {
            Matcher h = HEADING.matcher(line);
            if (!h.matches()) {
                continue;
            }
            String text = h.group(2)
                    .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link counts by its text
                    .replace("`", "");
            String base = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
            int n = seen.merge(base, 1, Integer::sum) - 1;
            out.add(n == 0 ? base : base + "-" + n);
        }
        return out;
    }

    private static List<String> proseLines(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                out.add(line);
            }
        }
        return out;
    }

    // ---- docs/contract.md against the JSON Schemas

    record Row(boolean required, String type) {
    }

    record Field(boolean required, List<Integer> limits, Set<String> values) {
    }

    @ParameterizedTest(name = "{0} table = {1}")
    @CsvSource({
            "ReleaseEvent, release-event.schema.json",
            "SanctionEvent, sanction-event.schema.json",
            "WatchlistEntry, watchlist-entry.schema.json"})
    void contractFieldTableAgreesWithTheSchema(String heading, String schemaFile) throws IOException {
        Map<String, Row> table = table(Files.readString(ROOT.resolve("docs/contract.md")), heading);
        Map<String, Field> schema = new TreeMap<>();
        flatten(JSON.readTree(ROOT.resolve("src/main/resources/schema/" + schemaFile).toFile()), "", true, schema);

        assertThat(table.keySet()).as("fields documented for " + heading).containsExactlyInAnyOrderElementsOf(schema.keySet());
        schema.forEach((name, field) -> {
            Row row = table.get(name);
            assertThat(row.required()).as(heading + "." + name + " required").isEqualTo(field.required());
            assertThat(numbers(row.type())).as(heading + "." + name + " limits in \"" + row.type() + "\"")
                    .isEqualTo(field.limits());
            assertThat(backticked(row.type())).as(heading + "." + name + " values in \"" + row.type() + "\"")
                    .isEqualTo(field.values());
        });
    }

    @Test
    void contractCheckNoticesAChangedLimit() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/contract.md"));
        Map<String, Row> table = table(doc, "ReleaseEvent");
        Map<String, Field> schema = new TreeMap<>();
        JsonNode release = JSON.readTree(ROOT.resolve("src/main/resources/schema/release-event.schema.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) release.get("properties").get("eventId")).put("maxLength", 200);
        flatten(release, "", true, schema);
        assertThat(numbers(table.get("eventId").type())).isNotEqualTo(schema.get("eventId").limits());
        assertThat(schema.get("person.tags").limits()).containsExactly(50, 64);
        assertThat(schema.get("person.id").required()).isTrue();
        assertThat(schema.get("source.url").required()).isFalse();
    }

    /** The first table under the heading that starts with {@code ## <name>}: field → required, type cell. */
    static Map<String, Row> table(String markdown, String name) {
        List<String> lines = List.of(markdown.split("\n"));
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("## " + name)) {
            i++;
        }
        assertThat(i).as("heading ## " + name + " in docs/contract.md").isLessThan(lines.size());
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            assertThat(i == 0 || !lines.get(i).startsWith("#") || lines.get(i).startsWith("## " + name))
                    .as("a table under ## " + name).isTrue();
            i++;
        }
        List<String> header = cells(lines.get(i));
        int fieldCol = header.indexOf("field"), typeCol = header.indexOf("type"), requiredCol = header.indexOf("required");
        assertThat(List.of(fieldCol, typeCol, requiredCol)).as("columns field, type, required").doesNotContain(-1);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            String required = cells.get(requiredCol);
            assertThat(required).as("required of " + cells.get(fieldCol)).isIn("yes", "no");
            for (String field : cells.get(fieldCol).split(",")) {
                Row previous = rows.put(field.replace("`", "").trim(), new Row(required.equals("yes"), cells.get(typeCol)));
                assertThat(previous).as("field " + field + " listed once").isNull();
            }
        }
        return rows;
    }

    private static List<String> cells(String row) {
        String inner = row.trim().substring(1, row.trim().length() - 1);
        List<String> out = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            out.add(cell.trim());
        }
        return out;
    }

    /** Leaf fields with dotted paths; an object's fields are required when it and they are. */
    static void flatten(JsonNode schema, String prefix, boolean parentRequired, Map<String, Field> out) {
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        schema.path("properties").fields().forEachRemaining(e -> {
            String name = prefix + e.getKey();
            JsonNode p = e.getValue();
            boolean isRequired = parentRequired && required.contains(e.getKey());
            if (p.has("properties")) {
                flatten(p, name + ".", isRequired, out);
                return;
            }
            List<Integer> limits = new ArrayList<>();
            for (String key : List.of("minLength", "maxLength", "maxItems")) {
                if (p.has(key)) {
                    limits.add(p.get(key).asInt());
                }
            }
            for (String key : List.of("minLength", "maxLength")) {
                if (p.path("items").has(key)) {
                    limits.add(p.path("items").get(key).asInt());
                }
            }
            if (p.has("maxItems")) { // "array of ≤ maxItems strings of ≤ n": the count is written first
                limits.remove(Integer.valueOf(p.get("maxItems").asInt()));
                limits.add(0, p.get("maxItems").asInt());
            }
            Set<String> values = new LinkedHashSet<>();
            p.path("enum").forEach(v -> {
                if (!v.isNull()) {
                    values.add(v.asText());
                }
            });
            out.put(name, new Field(isRequired, limits, values));
        });
    }

    /** The numbers of a type cell, e.g. "string, 1–128" → [1, 128]; "alpha-2" names a format, not a limit. */
    static List<Integer> numbers(String type) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\w-])\\d+").matcher(type);
        while (m.find()) {
            out.add(Integer.parseInt(m.group()));
        }
        return out;
    }

    static Set<String> backticked(String type) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(type);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
