package org.releasewatch.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.releasewatch.model.Alert;
import org.releasewatch.model.MsgType;

import java.util.ArrayList;
import java.util.List;

/**
 * What is on the alerts topic of one thread (value of {@link AlertTopology#THREADS_STORE}, keyed by the thread id),
 * written by {@link AlertOnce} as it emits each message: the ids of the thread's messages in the order emitted, and
 * whether the latest was a {@code cancel} of the whole thread. The rules read it to know what a thread already said:
 * a later message's {@code references} are these ids, so each names a message that is on the topic, earlier, in its
 * thread. Bounded: the first message and the latest {@link #KEPT} − 1 are kept (a thread that long is a day of
 * reports withdrawn and sent again over and over).
 *
 * @param messages  ids emitted, the thread's first message first
 * @param withdrawn the latest message cancelled the thread as a whole: until a later report revives it, it says nothing
 * @param at        the first message's event time, and {@code clock} the clock it expires by, as {@link EmittedId}
 */
public record ThreadLog(List<String> messages, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean withdrawn,
                        long at, String clock) {

    static final int KEPT = 64;

    public ThreadLog {
        messages = List.copyOf(messages == null ? List.of() : messages);
    }

    /** The log with {@code alert}, just emitted; {@code wholeThread}: a cancel that withdraws the thread. */
    ThreadLog plus(Alert alert, boolean wholeThread) {
        List<String> ids = new ArrayList<>(messages);
        ids.add(alert.id());
        while (ids.size() > KEPT) {
            ids.remove(1);
        }
        return new ThreadLog(ids, alert.type() == MsgType.CANCEL && wholeThread, at, clock);
    }

    static ThreadLog first(Alert alert, long at, String clock) {
        return new ThreadLog(List.of(alert.id()), false, at, clock);
    }

    boolean has(String messageId) {
        return messages.contains(messageId);
    }
}
