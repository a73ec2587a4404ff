package org.releasewatch.delivery.channels;

import org.releasewatch.demo.December13Story;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.StoryAlerts;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Alerts as the rules write them and channel targets, for the channel tests. */
final class Fixtures {

    static final AlertLinks LINKS = AlertLinks.of("https://releasewatch.example.org");

    /** The chat services' HTTP client for fake services on loopback over plain HTTP (the policy allows both). */
    static org.releasewatch.delivery.TargetHttp http() {
        return new org.releasewatch.delivery.TargetHttp(org.releasewatch.delivery.TargetPolicy.permissive(),
                Duration.ofSeconds(5), 4);
    }
    /** A name that would be markup, a mention or formatting in every target if it were not escaped. */
    static final String HOSTILE = "<script>alert(1)</script> *_~ @everyone";

    private static List<Alert> story;

    private Fixtures() {
    }

    static synchronized List<Alert> story() {
        if (story == null) {
            story = StoryAlerts.december13();
        }
        return story;
    }

    /**
     * One first message of each rule: Bialiatski (with his watchlist note), the day's MASS_RELEASE (its first threshold;
     * the 100-person one is an update of it), the OFAC relief, the linked relief.
     */
    static Map<AlertRule, Alert> onePerRule() {
        Map<AlertRule, Alert> out = new LinkedHashMap<>();
        out.put(AlertRule.WATCHLIST_RELEASE, bialiatski());
        out.put(AlertRule.MASS_RELEASE, story().stream()
                .filter(a -> a.rule() == AlertRule.MASS_RELEASE && a.first()).findFirst().orElseThrow());
        out.put(AlertRule.SANCTIONS_CHANGE, StoryAlerts.first(story(), AlertRule.SANCTIONS_CHANGE));
        out.put(AlertRule.LINKED_RELIEF, StoryAlerts.first(story(), AlertRule.LINKED_RELIEF));
        return out;
    }

    /**
     * The story's alerts as the service emits them with the demo's watchlist: the topology driver watches persons
     * without their notes, so the two WATCHLIST_RELEASE alerts are the rule's own output for the full entries.
     */
    static List<Alert> storyWithNotes() {
        List<WatchlistEntry> watchlist = December13Story.watchlist();
        List<ReleaseEvent> releases = December13Story.releases();
        return story().stream().map(a -> a.rule() != AlertRule.WATCHLIST_RELEASE ? a
                : a.title().startsWith("Ales") ? StoryAlerts.watchlistRelease(releases.get(0), watchlist.get(0))
                : StoryAlerts.watchlistRelease(releases.get(9), watchlist.get(1))).toList();
    }

    /** The story's WATCHLIST_RELEASE of Ales Bialiatski, with his watchlist note (no topology needed). */
    static Alert bialiatski() {
        return StoryAlerts.watchlistRelease(December13Story.releases().get(0), December13Story.watchlist().get(0));
    }

    /** A WATCHLIST_RELEASE for a person called {@link #HOSTILE}, hostile charges, note and source name too. */
    static Alert hostile() {
        ReleaseEvent release = new ReleaseEvent("evil-1", Instant.parse("2025-12-13T09:00:00Z"), "BY",
                new Person("evil:1", HOSTILE, List.of("<b>tag</b>", "@here")), List.of("**bold** [x](http://evil.example) <@123>"), "LT",
                null, new Source("<img src=x onerror=alert(1)> _src_", "https://evil.example/?a=1&b=<2>"));
        return StoryAlerts.watchlistRelease(release, new WatchlistEntry("evil:1", HOSTILE, Priority.HIGH, "<i>note</i> `code` @everyone"));
    }

    /** {@code n} distinct alerts (three severities, times a minute apart) as a burst within one window. */
    static List<Alert> burst(int n) {
        List<Alert> out = new ArrayList<>();
        Alert a = bialiatski();
        org.releasewatch.model.Severity[] severities = org.releasewatch.model.Severity.values();
        for (int i = 0; i < n; i++) {
            out.add(new Alert(a.schema(), String.format("%08d-0000-5000-8000-%012d", i, i), a.rule(), severities[i % 3], a.country(),
                    "Political prisoner " + (1000 + i) + " released from detention in Belarus, transferred to Ukraine",
                    a.occurredAt().plusSeconds(60L * i), a.emittedAt(), a.evidence(), a.details()));
        }
        return out;
    }

    static ChannelTarget target(ChannelFormat format, String url) {
        return target(format, url, Set.of(), Duration.ZERO);
    }

    static ChannelTarget target(ChannelFormat format, String url, Set<PersonField> redact, Duration window) {
        return switch (format) {
            case TELEGRAM -> new ChannelTarget(format, URI.create(url), "-1001234567890", List.of(), redact, window);
            case EMAIL -> new ChannelTarget(format, null, null, List.of("monitor@example.org", "desk@example.org"), redact, window);
            default -> new ChannelTarget(format, URI.create(url), null, List.of(), redact, window);
        };
    }

    static String url(ChannelFormat format) {
        return switch (format) {
            case SLACK -> "https://hooks.slack.com/services/T000/B000/XXXX";
            case DISCORD -> "https://discord.com/api/webhooks/123/token";
            case TEAMS -> "https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke";
            case TELEGRAM -> "https://api.telegram.org/bot123:ABC/sendMessage";
            default -> null;
        };
    }

    static ChannelRenderer<?> renderer(ChannelFormat format) {
        return switch (format) {
            case SLACK -> new SlackRenderer(LINKS);
            case DISCORD -> new DiscordRenderer(LINKS);
            case TEAMS -> new TeamsRenderer(LINKS);
            case TELEGRAM -> new TelegramRenderer(LINKS, "-1001234567890");
            case EMAIL -> new EmailRenderer(LINKS);
            case STANDARD, PAGERDUTY -> throw new IllegalArgumentException(format + " has no chat renderer");
        };
    }
}
