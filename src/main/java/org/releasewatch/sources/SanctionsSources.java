package org.releasewatch.sources;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.sources.format.Formats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The configured sanctions lists ({@code releasewatch.sources.sanctions-lists}) and prisoner rosters
 * ({@code releasewatch.sources.prisoner-rosters}), each followed by its own {@link ListRunner} thread. A supervisor restarts a runner thread that died (the runner itself survives any
 * error of a fetch or a poll), so no list stops being followed quietly. A bad list configuration stops the
 * service at start-up with a message naming the list and the field.
 */
@Context
public class SanctionsSources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SanctionsSources.class);
    private static final Duration SUPERVISION = Duration.ofSeconds(5);

    private final Map<String, ListRunner<?>> runners = new LinkedHashMap<>();
    private final Map<String, Thread> threads = new LinkedHashMap<>();
    private final ScheduledExecutorService supervisor;

    public SanctionsSources(List<SanctionsListConfig> lists, List<RosterConfig> rosters, SourcesConfig settings,
                            KafkaClients clients, TopicsConfig topics, SourcesMetrics metrics, TopicProvisioner provisioned) {
        validate(lists, rosters, settings);
        ChangeEvents changeEvents = new ChangeEvents(ProgrammeCountries.get());
        List<ListSource<?>> sources = new ArrayList<>();
        for (SanctionsListConfig list : lists) {
            sources.add(new SanctionsListSource(list, Formats.byName(list.format()).orElseThrow(), changeEvents, topics.sanctions()));
        }
        for (RosterConfig roster : rosters) {
            sources.add(new RosterSource(roster, topics.releases()));
        }
        for (ListSource<?> source : sources) {
            ListRunner<?> runner = new ListRunner<>(source, settings, clients, topics.sourceSnapshots(),
                    topics.sourceCoordination(), metrics);
            metrics.register(runner.status());
            runners.put(source.id(), runner);
        }
        runners.values().forEach(this::startThread);
        if (!runners.isEmpty()) {
            LOG.info("Following sanctions lists and rosters {}", runners.values().stream()
                    .map(r -> r.listId() + " (" + r.status().toMap().get("url") + ")").toList());
        }
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sources-supervisor");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, SUPERVISION.toMillis(), SUPERVISION.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void validate(List<SanctionsListConfig> lists, List<RosterConfig> rosters, SourcesConfig settings) {
        if (settings.maxShrink() < 0 || settings.maxShrink() > 1) {
            throw new ConfigurationException("releasewatch.sources.max-shrink: " + settings.maxShrink() + " is not a fraction between 0 and 1");
        }
        Set<String> ids = new HashSet<>();
        for (SanctionsListConfig list : lists) {
            String where = "releasewatch.sources.sanctions-lists (" + (list.listId().isEmpty() ? "a list" : "list '" + list.listId() + "'") + ")";
            if (list.format() == null || Formats.byName(list.format()).isEmpty()) {
                throw new ConfigurationException(where + ": format \"" + list.format() + "\" is not one of " + Formats.names());
            }
            ListConfigCheck.url(where, list.url(), list.allowHttp());
            ListConfigCheck.publicUrl(where, list.publicUrl());
            ListConfigCheck.name(where, "id", list.listId(), ids, "give each list of the same format its own id");
            ListConfigCheck.interval(where, list.interval());
        }
        RosterConfigCheck.check(rosters, ids);
    }

    private synchronized void startThread(ListRunner<?> runner) {
        Thread t = new Thread(runner, "sources-" + runner.listId());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> {
            runner.died(e);
            LOG.error("List '{}': the fetch thread died", runner.listId(), e);
        });
        threads.put(runner.listId(), t);
        t.start();
    }

    private synchronized void supervise() {
        for (ListRunner<?> runner : runners.values()) {
            Thread t = threads.get(runner.listId());
            if (runner.running() && (t == null || !t.isAlive())) {
                LOG.warn("List '{}': the fetch thread is not running; starting it again", runner.listId());
                runner.restarted("the fetch thread died and was started again");
                startThread(runner);
            }
        }
    }

    public List<ListStatus> statuses() {
        return runners.values().stream().map(ListRunner::status).toList();
    }

    public Optional<ListStatus> status(String listId) {
        return Optional.ofNullable(runners.get(listId)).map(ListRunner::status);
    }

    /**
     * Accepts the refused shrink of a list: the next download with the same content is let through. Only the
     * instance that fetches the list holds the refusal.
     */
    public boolean accept(String listId, String by) {
        ListRunner<?> runner = runners.get(listId);
        if (runner == null || !runner.status().accept(by)) {
            return false;
        }
        LOG.info("List '{}': the refused shrink was accepted by {}", listId, by);
        runner.fetchSoon();
        return true;
    }

    /** The runner of a list (tests reach the crash seam through it). */
    ListRunner<?> runner(String listId) {
        return runners.get(listId);
    }

    public List<String> listIds() {
        return Collections.unmodifiableList(new ArrayList<>(runners.keySet()));
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        supervisor.shutdownNow();
        runners.values().forEach(ListRunner::stop);
        for (Thread t : threads.values()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
