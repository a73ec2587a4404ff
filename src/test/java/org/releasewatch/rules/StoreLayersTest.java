package org.releasewatch.rules;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state store of the rules, with the layers it is made of (metered, cached, change-logged, RocksDB or in
 * memory), pinned as the release before the rules declared their own stores: a store that lost its cache or its
 * changelog would still pass every rule test. A new rule's stores are written with
 * {@code -Drules.pinned.write=true} ({@link TopologyNamesTest}).
 */
@Fast
class StoreLayersTest {

    @TempDir
    Path stateDir;

    private String layers(boolean persistent) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "store-layers-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(AlertTopology.build(new StreamsBuilder(), TopicsConfig.defaults(),
                RulesConfig.defaults(), HistoryConfig.defaults(), RuleMetrics.NONE, persistent), props)) {
            TreeMap<String, String> byName = new TreeMap<>();
            driver.getAllStateStores().forEach((name, store) -> byName.put(name, chain(store)));
            StringBuilder out = new StringBuilder();
            byName.forEach((name, chain) -> out.append(name).append(": ").append(chain).append('\n'));
            return out.toString();
        }
    }

    private static String chain(StateStore store) {
        List<String> names = new ArrayList<>();
        StateStore s = store;
        while (true) {
            names.add(s.getClass().getSimpleName());
            if (!(s instanceof WrappedStateStore<?, ?, ?> wrapped)) {
                return String.join(" > ", names);
            }
            s = wrapped.wrapped();
        }
    }

    private void assertPinned(boolean persistent, String file) throws IOException {
        Path pinned = Path.of("src/test/resources/rules", file);
        String actual = layers(persistent);
        if (TopologyNamesTest.WRITE) {
            Files.writeString(pinned, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(pinned));
    }

    @Test
    void everyStoreKeepsItsLayersWithRocksDb() throws IOException {
        assertPinned(true, "store-layers-persistent.txt");
    }

    @Test
    void everyStoreKeepsItsLayersInMemory() throws IOException {
        assertPinned(false, "store-layers-in-memory.txt");
    }
}
