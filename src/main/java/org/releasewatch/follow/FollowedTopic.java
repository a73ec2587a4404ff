package org.releasewatch.follow;

import java.util.Map;

/**
 * A bean that holds a topic in memory through a {@link TopicFollower}: each is one component of {@code /health},
 * under {@link #healthName()}, DOWN with a reason while {@link #up()} is false.
 */
public interface FollowedTopic {

    String healthName();

    boolean up();

    /** The follower's state and what the view adds (its size, what it left out, why it is down). */
    Map<String, Object> health();
}
