package org.releasewatch.api;

import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.releasewatch.model.Alert;
import org.releasewatch.ops.ThreadLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A thread's first message from the alert history of whichever instance holds it ({@link QueryApi#find}). A first
 * message never changes, so the ones found are kept (the most recently used {@link #REMEMBERED}): a silence checks
 * each later message of a thread against it, and most threads have a few. The query API is reached lazily: it is
 * built on the stream topology, which the delivery that asks may start before.
 */
@Singleton
public class HistoryThreadLookup implements ThreadLookup {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryThreadLookup.class);
    static final int REMEMBERED = 4096;

    private final BeanProvider<QueryApi> queries;
    private final Map<String, Alert> found = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Alert> eldest) {
            return size() > REMEMBERED;
        }
    });

    public HistoryThreadLookup(BeanProvider<QueryApi> queries) {
        this.queries = queries;
    }

    @Override
    public Optional<Alert> firstMessage(String threadId) {
        if (threadId == null) {
            return Optional.empty();
        }
        Alert known = found.get(threadId);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Optional<Alert> first = queries.get().find(threadId).filter(Alert::first);
            first.ifPresent(a -> found.put(threadId, a));
            return first;
        } catch (RuntimeException e) { // the history is being restored or another instance does not answer
            LOG.debug("The first message of thread {} could not be read from the history: {}", threadId, e.toString());
            return Optional.empty();
        }
    }
}
