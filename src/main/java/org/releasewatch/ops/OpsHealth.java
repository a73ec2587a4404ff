package org.releasewatch.ops;

import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** The two readers of acks and silences, for /health. */
@Singleton
public class OpsHealth {

    private final Acks acks;
    private final Silences silences;

    public OpsHealth(Acks acks, Silences silences) {
        this.acks = acks;
        this.silences = silences;
    }

    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("acks", acks.state());
        state.put("silences", silences.state());
        return state;
    }

    public boolean reading() {
        return Boolean.TRUE.equals(acks.state().get("reading")) && Boolean.TRUE.equals(silences.state().get("reading"));
    }
}
