package org.releasewatch.rules;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies every state store of one TopologyTestDriver into another built from the same topology: what a
 * task has after restoring its changelogs, with processors that start afresh — the test double of a restart.
 */
final class StateCopy {

    private StateCopy() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void copy(TopologyTestDriver from, TopologyTestDriver to) {
        for (Map.Entry<String, StateStore> entry : from.getAllStateStores().entrySet()) {
            String name = entry.getKey();
            StateStore store = entry.getValue();
            if (store instanceof KeyValueStore kv) {
                KeyValueStore target = to.getKeyValueStore(name);
                List<KeyValue> all = new ArrayList<>();
                try (KeyValueIterator it = kv.all()) {
                    it.forEachRemaining(o -> all.add((KeyValue) o));
                }
                all.forEach(e -> target.put(e.key, e.value));
            } else if (store instanceof WindowStore ws) {
                WindowStore target = to.getWindowStore(name);
                List<KeyValue<Windowed, Object>> all = new ArrayList<>();
                try (KeyValueIterator it = ws.all()) {
                    it.forEachRemaining(o -> all.add((KeyValue<Windowed, Object>) o));
                }
                all.forEach(e -> target.put(e.key.key(), e.value, e.key.window().start()));
            } else {
                throw new IllegalStateException("cannot copy store " + name + " of type " + store.getClass());
            }
        }
    }
}
