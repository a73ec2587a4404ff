package org.releasewatch.testing;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.demo.December13Story;
import org.releasewatch.json.Json;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Input for the resilience tests: the 13 December 2025 story (two watched persons, 123 releases from
 * Belarus, the Belaruskali relief) and many releases from twelve other countries on 12 and 13 December
 * 2025, every 40th person of them watched, with three more sanctions changes: a relief on a country with
 * releases (a link), a relief on a country without any (no link) and a new measure. Releases come in a
 * fixed shuffled order, so every country's partition has work throughout the burst.
 */
public record Burst(List<WatchlistEntry> watchlist, List<ReleaseEvent> releases, List<SanctionEvent> sanctions) {

    public static final List<String> COUNTRIES = List.of("VE", "NI", "IR", "AZ", "CU", "RU", "CN", "ER", "TM", "EG", "SY", "MM");
    private static final Instant DAY_ONE = Instant.parse("2025-12-12T00:00:00Z");
    private static final Source MONITOR = new Source("Test monitor", "https://example.org/monitor");

    /** The story and {@code extra} releases from the other countries. */
    public static Burst december13(int extra) {
        List<WatchlistEntry> watchlist = new ArrayList<>(December13Story.watchlist());
        List<ReleaseEvent> releases = new ArrayList<>(December13Story.releases());
        for (int i = 0; i < extra; i++) {
            ReleaseEvent release = release("burst", i);
            releases.add(release);
            if (i / COUNTRIES.size() % 40 == 3) {
                watchlist.add(new WatchlistEntry(release.person().id(), release.person().name(),
                        i % 2 == 0 ? Priority.HIGH : Priority.NORMAL, "watched in the burst"));
            }
        }
        Collections.shuffle(releases, new Random(13));
        List<SanctionEvent> sanctions = List.of(December13Story.belaruskaliRelief(),
                sanction("eu-2025-12-13-ve-oil", "2025-12-13T12:00:00Z", "EU", "VE", SanctionAction.EASED, "eu:ve-oil"),
                sanction("un-2025-12-12-kp-shipping", "2025-12-12T16:00:00Z", "UN", "KP", SanctionAction.LIFTED, "un:kp-shipping"),
                sanction("uk-2025-12-13-ru-bank", "2025-12-13T09:00:00Z", "GB", "RU", SanctionAction.IMPOSED, "uk:ru-bank"));
        return new Burst(List.copyOf(watchlist), List.copyOf(releases), sanctions);
    }

    /**
     * Release {@code i} of a series: country {@code i mod 12}, person {@code i div 12} of that country (so
     * each person once), released on 12 December (even persons) or 13 December (odd ones).
     */
    public static ReleaseEvent release(String series, int i) {
        String country = COUNTRIES.get(i % COUNTRIES.size());
        int person = i / COUNTRIES.size();
        Instant at = DAY_ONE.plus(Duration.ofDays(person % 2)).plus(Duration.ofHours(6)).plus(Duration.ofMinutes(person % 900));
        String id = series + ":" + country.toLowerCase(Locale.ROOT) + ":" + person;
        return new ReleaseEvent(series + "-" + country.toLowerCase(Locale.ROOT) + "-" + person, at, country,
                new Person(id, "Prisoner " + person + " of " + country, List.of()), List.of("Test charge"),
                person % 3 == 0 ? "LT" : null, null, MONITOR);
    }

    private static SanctionEvent sanction(String eventId, String at, String issuer, String country, SanctionAction action,
                                          String target) {
        return new SanctionEvent(eventId, Instant.parse(at), issuer, country, action,
                new SanctionTarget(target, target.substring(target.indexOf(':') + 1), "company"), "energy", "TEST", null, MONITOR);
    }

    public static ProducerRecord<byte[], byte[]> record(TopicsConfig topics, WatchlistEntry entry) {
        return Topics.record(topics.watchlist(), entry.personId(), Json.string(entry));
    }

    public static ProducerRecord<byte[], byte[]> record(TopicsConfig topics, ReleaseEvent release) {
        return Topics.record(topics.releases(), release.eventId(), Json.string(release));
    }

    public static ProducerRecord<byte[], byte[]> record(TopicsConfig topics, SanctionEvent sanction) {
        return Topics.record(topics.sanctions(), sanction.eventId(), Json.string(sanction));
    }

    /** Sends the watchlist and waits for the broker's acknowledgement. */
    public void sendWatchlist(Producer<byte[], byte[]> producer, TopicsConfig topics) {
        watchlist.forEach(e -> producer.send(record(topics, e)));
        producer.flush();
    }

    /** Sends releases {@code from} (inclusive) to {@code to} (exclusive) and waits for the broker's acknowledgement. */
    public void sendReleases(Producer<byte[], byte[]> producer, TopicsConfig topics, int from, int to) {
        releases.subList(from, to).forEach(r -> producer.send(record(topics, r)));
        producer.flush();
    }

    public void sendSanctions(Producer<byte[], byte[]> producer, TopicsConfig topics) {
        sanctions.forEach(s -> producer.send(record(topics, s)));
        producer.flush();
    }
}
