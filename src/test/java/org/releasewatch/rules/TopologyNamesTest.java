package org.releasewatch.rules;

import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every source, processor, store, sink and the way they connect, pinned as the release before the rules became
 * units described them: a running installation's state and changelogs are found by these names, so an upgrade
 * that renamed or moved one would lose them. A new rule adds its own: review the diff of
 * {@code ./mvnw -B test -Dtest='TopologyNamesTest,StoreLayersTest' -Drules.pinned.write=true}.
 */
@Fast
class TopologyNamesTest {

    static final boolean WRITE = Boolean.getBoolean("rules.pinned.write");
    private static final Path PINNED = Path.of("src/test/resources/rules/topology-description.txt");

    private static final Pattern STORES = Pattern.compile("\\(stores: \\[([^]]*)]\\)");

    private static String described(boolean persistent) {
        return storesSorted(AlertTopology.build(new StreamsBuilder(), TopicsConfig.defaults(), RulesConfig.defaults(),
                HistoryConfig.defaults(), RuleMetrics.NONE, persistent).describe().toString());
    }

    /** A processor's stores are a set, listed in hash order: sorted, they compare as names. */
    private static String storesSorted(String description) {
        return STORES.matcher(description).replaceAll(m -> Matcher.quoteReplacement("(stores: ["
                + String.join(", ", Arrays.stream(m.group(1).split(", ")).filter(s -> !s.isEmpty()).sorted().toList()) + "])"));
    }

    /** {@code described} equals the pinned description (or, with {@code rules.pinned.write}, becomes it). */
    private static void assertPinned(String described) throws IOException {
        if (WRITE) {
            Files.writeString(PINNED, described);
        }
        assertThat(described).isEqualTo(storesSorted(Files.readString(PINNED)));
    }

    @Test
    void theTopologyKeepsEveryNameAndConnectionOfThePinnedRelease() throws IOException {
        assertPinned(described(true));
    }

    @Test
    void theInMemoryVariantHasTheSameShape() throws IOException {
        assertPinned(described(false));
    }
}
