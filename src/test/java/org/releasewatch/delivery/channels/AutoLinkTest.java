package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.StoryAlerts;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name (and so a title) holding a URL or a domain does not become a clickable link in any chat service: the
 * services link {@code scheme://…}, {@code www.…} and bare domains in text, so each text carries a zero-width
 * space that breaks the pattern while it reads the same. Our own link to the alert stays a link.
 */
@Fast
class AutoLinkTest {

    private static final String NAME = "Ales https://evil.example/login www.evil.example phish.example.com";
    /** What the services' linkers look for: a scheme, www., or labels joined by dots ending in a letter label. */
    private static final Pattern LINKABLE = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://|\\bwww\\.|[a-z0-9-]+\\.[a-z]{2,}");

    private static Alert alert() {
        ReleaseEvent release = new ReleaseEvent("url-1", Instant.parse("2025-12-13T09:00:00Z"), "BY",
                new Person("url:1", NAME, List.of()), List.of(), null, null, new Source("src", "https://releasewatch.example.org/x"));
        return StoryAlerts.watchlistRelease(release, new WatchlistEntry("url:1", NAME, Priority.HIGH, null));
    }

    @ParameterizedTest
    @EnumSource(value = ChannelFormat.class, names = {"DISCORD", "TELEGRAM", "SLACK", "TEAMS"})
    void aUrlInATitleIsNoLink(ChannelFormat format) {
        Alert alert = alert();
        assertThat(alert.title()).contains("https://evil.example/login");
        Rendered<?> rendered = Fixtures.renderer(format).render(List.of(alert), Fixtures.target(format, Fixtures.url(format)));
        List<String> texts = new ArrayList<>();
        collect(Json.tree(rendered.message()), null, texts);
        List<String> withName = texts.stream().filter(t -> t.replace("\u200B", "").replace("\\", "").contains("Ales")).toList();
        assertThat(withName).as("texts showing the name").isNotEmpty();
        for (String text : withName) {
            String withoutOurLink = text.replaceAll("https://releasewatch\\.example\\.org/alerts/[0-9a-f-]{36}", "");
            assertThat(LINKABLE.matcher(withoutOurLink.replace("\\", "")).find()).as("%s: %s", format, text).isFalse();
            assertThat(text.replace("\u200B", "").replace("\\", "")).as("reads the same").contains("evil.example/login");
        }
        String all = Json.string(rendered.message());
        assertThat(all).as("our own link stays whole").contains("https://releasewatch.example.org/alerts/" + alert.id());
    }

    /** Every string value, except URL-valued fields (our link). */
    private static void collect(JsonNode node, String field, List<String> out) {
        if (node.isTextual() && !"url".equals(field)) {
            out.add(node.asText());
        }
        node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), out));
        if (node.isArray()) {
            node.forEach(n -> collect(n, field, out));
        }
    }
}
