package org.releasewatch.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.ConfigDefaults;
import org.releasewatch.testing.Fast;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One place per default, and the docs say what it is. A default is written either in code (a
 * {@code @Bindable(defaultValue)} of a configuration record, a {@code ${key:default}} placeholder) or in
 * application.yml — never in both; where code needs a copy without configuration ({@code defaults()}, used by
 * the topology tests) it equals the one place. The configuration table of docs/configuration.md states each
 * default as the code has it. Reads sources and the environment only: no bean, no Kafka.
 */
@Fast
class ConfigDefaultsTest {

    static final Path OPERATIONS = Path.of("docs/configuration.md");

    @Test
    void theCopiesForCodeWithoutConfigurationEqualTheOnePlace() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment env = context.getEnvironment().start();
            // RulesConfig.defaults() converts the @Bindable texts: the values the rules are documented with
            assertThat(RulesConfig.defaults()).isEqualTo(new RulesConfig(List.of(10, 100), Duration.ofHours(24),
                    Duration.ofHours(48), Duration.ofDays(7), Duration.ofDays(400), Duration.ofDays(30)));
            assertThat(env.getProperty("releasewatch.rules.lateness", Duration.class)).as("not in application.yml").isEmpty();

            TopicsConfig topics = TopicsConfig.defaults();
            assertThat(env.getProperty("releasewatch.topics.releases", String.class)).contains(topics.releases());
            assertThat(env.getProperty("releasewatch.topics.sanctions", String.class)).contains(topics.sanctions());
            assertThat(env.getProperty("releasewatch.topics.watchlist", String.class)).contains(topics.watchlist());
            assertThat(env.getProperty("releasewatch.topics.alerts", String.class)).contains(topics.alerts());
            assertThat(env.getProperty("releasewatch.topics.dlq", String.class)).contains(topics.dlq());
            assertThat(env.getProperty("releasewatch.topics.webhook-dlq", String.class)).contains(topics.webhookDlq());
            assertThat(env.getProperty("releasewatch.topics.internal-events", String.class)).contains(topics.internalEvents());
            assertThat(env.getProperty("releasewatch.topics.internal-watchlist", String.class)).contains(topics.internalWatchlist());
            assertThat(env.getProperty("releasewatch.topics.source-snapshots", String.class)).contains(topics.sourceSnapshots());
            assertThat(env.getProperty("releasewatch.topics.source-coordination", String.class))
                    .contains(topics.sourceCoordination());
            assertThat(ConfigDefaults.of("releasewatch.topics.create")).contains(String.valueOf(topics.create()));
            assertThat(ConfigDefaults.of("releasewatch.topics.partitions")).contains(String.valueOf(topics.partitions()));
            assertThat(ConfigDefaults.of("releasewatch.topics.replication-factor")).as("unset: from the cluster size").isEmpty();
            assertThat(topics.replicationFactor()).isNull();
            assertThat(topics.minInsyncReplicas()).isNull();
            assertThat(env.getProperty("kafka.bootstrap.servers", String.class))
                    .as("unset, so that the embedded broker starts").isEmpty();
        }
    }

    @Test
    void noDefaultIsWrittenBothInApplicationYmlAndInCode() throws IOException {
        Map<String, String> yml = applicationYml();
        Map<String, String> twice = new TreeMap<>();
        yml.forEach((key, value) -> {
            if (key.startsWith("releasewatch.") && ConfigDefaults.all().containsKey(key)) {
                twice.put(key, "application.yml: " + value + "; " + ConfigDefaults.all().get(key));
            }
        });
        assertThat(twice).as("defaults written in application.yml and in code").isEmpty();
    }

    @Test
    void whereCodeWritesADefaultTwiceBothSayTheSame() {
        Map<String, List<ConfigDefaults.Default>> disagreeing = ConfigDefaults.all().entrySet().stream()
                .filter(e -> e.getValue().stream().map(ConfigDefaults.Default::value).distinct().count() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(disagreeing).isEmpty();
    }

    @Test
    void theConfigurationTableOfTheOperationsPageStatesTheDefaultsOfTheCode() throws IOException {
        Map<String, String> documented = documentedDefaults(Files.readString(OPERATIONS));
        assertThat(documented).as("defaults read from the table").hasSizeGreaterThanOrEqualTo(25)
                .containsEntry("releasewatch.ingest.max-bytes", "1048576")
                .containsEntry("releasewatch.streams.max-rebalancing", "5m")
                .containsEntry("releasewatch.api.streams.replay-max", "10000");
        Map<String, String> yml = applicationYml();
        Map<String, String> wrong = new TreeMap<>();
        documented.forEach((key, value) -> {
            String actual = ConfigDefaults.of(key).orElse(yml.get(key));
            if (actual == null || !normal(actual).equals(normal(value))) {
                wrong.put(key, "docs: " + value + ", code: " + (actual == null ? "no default" : actual));
            }
        });
        assertThat(wrong).as("defaults in docs/configuration.md that the code does not have").isEmpty();
        Set<String> undocumented = ConfigDefaults.all().values().stream().flatMap(List::stream)
                .filter(d -> d.where().startsWith("org/releasewatch/config/")).map(ConfigDefaults.Default::key)
                .filter(k -> !documented.containsKey(k)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(undocumented).as("defaults of config/ not in the table of docs/configuration.md").isEmpty();
    }

    @Test
    void theTableReaderReadsSingleMultipleAndNamedDefaults() {
        String table = """
                | key | default | meaning |
                |---|---|---|
                | `releasewatch.a.b` (`ENV_B`) | `24h` | one |
                | `releasewatch.c.d`, `e`, `f-g` | `10m`, `3`, `5m` | three of one prefix |
                | `releasewatch.h.*` | `max: 100`, `retry-after: 5s` | named |
                | `releasewatch.i` | unset → none | not a value |
                | `releasewatch.j` | `${HOSTNAME}-${port}` | an expression |
                | `releasewatch.k` | `[10, 100]` | a list |
                """;
        assertThat(documentedDefaults("# Page\n\n## Configuration\n\n" + table + "\n## Next\n| `releasewatch.z` | `1` | |\n"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("releasewatch.a.b", "24h", "releasewatch.c.d", "10m",
                        "releasewatch.c.e", "3", "releasewatch.c.f-g", "5m", "releasewatch.h.max", "100",
                        "releasewatch.h.retry-after", "5s", "releasewatch.k", "[10, 100]"));
        assertThat(normal("[10, 100]")).isEqualTo(normal("10,100"));
    }

    static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** Key → default of every row of the table under "## Configuration" whose default is written as code. */
    static Map<String, String> documentedDefaults(String page) {
        int start = page.indexOf("\n## Configuration\n");
        int end = page.indexOf("\n## ", start + 1);
        String section = page.substring(start, end < 0 ? page.length() : end);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            List<String> keys = codes(cells[1]);
            List<String> values = codes(cells[2]);
            if (keys.isEmpty() || values.isEmpty() || values.stream().anyMatch(v -> v.contains("${"))) {
                continue;
            }
            String first = keys.get(0);
            if (first.endsWith(".*")) {
                String prefix = first.substring(0, first.length() - 1);
                for (String named : values) {
                    String[] nv = named.split(":\\s*", 2);
                    if (nv.length == 2) {
                        out.put(prefix + nv[0], nv[1]);
                    }
                }
            } else {
                String prefix = first.substring(0, first.lastIndexOf('.') + 1);
                List<String> full = new ArrayList<>(List.of(first));
                keys.stream().skip(1).filter(k -> !k.contains(".") && !k.equals(k.toUpperCase())).forEach(k -> full.add(prefix + k));
                if (full.size() == values.size()) {
                    for (int i = 0; i < full.size(); i++) {
                        out.put(full.get(i), values.get(i));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> codes(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** {@code [10, 100]} and {@code 10,100} are one list. */
    static String normal(String value) {
        return value.replaceAll("[\\[\\]\\s]", "");
    }

    /** application.yml, flattened: lists as {@code a,b}. */
    static Map<String, String> applicationYml() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.yml"))) {
            Map<String, String> flat = new TreeMap<>();
            flatten("", new Yaml().load(in), flat);
            return flat;
        }
    }

    private static void flatten(String prefix, Object node, Map<String, String> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, flat));
        } else if (node instanceof List<?> list) {
            flat.put(prefix, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else {
            flat.put(prefix, String.valueOf(node));
        }
    }
}
