package org.releasewatch.rules;

import org.apache.kafka.streams.state.KeyValueStore;

/** Counts of what a {@link RulesDriver}'s stores hold. */
final class RulesDriverStores {

    private RulesDriverStores() {
    }

    static int count(RulesDriver rules, String store) {
        KeyValueStore<Object, Object> kv = rules.store(store);
        int n = 0;
        try (var it = kv.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
