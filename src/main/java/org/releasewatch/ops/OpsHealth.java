package org.releasewatch.ops;

import jakarta.inject.Singleton;
import org.releasewatch.follow.FollowedTopic;

import java.util.LinkedHashMap;
import java.util.Map;

/** The readers of acks, silences and the month of releases (country pages), for /health. */
@Singleton
public class OpsHealth implements FollowedTopic {

    private final Acks acks;
    private final Silences silences;
    private final ReleaseDays days;

    public OpsHealth(Acks acks, Silences silences, ReleaseDays days) {
        this.days = days;
        this.acks = acks;
        this.silences = silences;
    }

    @Override
    public String healthName() {
        return "ops";
    }

    @Override
    public boolean up() {
        return reading();
    }

    @Override
    public Map<String, Object> health() {
        return state();
    }

    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("acks", acks.state());
        state.put("silences", silences.state());
        state.put("releaseDays", days.state());
        return state;
    }

    public boolean reading() {
        return Boolean.TRUE.equals(acks.state().get("reading")) && Boolean.TRUE.equals(silences.state().get("reading"))
                && Boolean.TRUE.equals(days.state().get("reading"));
    }
}
