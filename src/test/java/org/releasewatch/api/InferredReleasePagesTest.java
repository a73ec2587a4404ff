package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Chromium;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard marks a release inferred from a prisoner roster (contract v1.2 rosters), in real headless Chromium:
 * the feed row of a WATCHLIST_RELEASE with {@code details.inferred} carries an "inferred" badge and its alert page says
 * "inferred from a roster"; a reported release's row and page carry neither.
 */
class InferredReleasePagesTest {

    @Test
    void theFeedAndTheAlertPageMarkAnInferredReleaseAndOnlyIt() {
        Chromium.assumeInstalled();
        TopicsConfig topics = TestService.uniqueTopics();
        try (ReleasewatchService service = TestService.start(TestService.properties(topics, TestService.tempDir()))) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);
            Alert inferred = watched(Topics.unique("inferred"), "viasna-roster:4711", "Ihar Losik", true);
            Alert reported = watched(Topics.unique("reported"), "viasna:1", "Ales Bialiatski", false);
            Topics.send(SharedBroker.bootstrapServers(), topics.alerts(),
                    List.of(inferred, reported).stream().map(a -> SampleAlerts.record(topics.alerts(), a)).toList());
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Json.read(Http.get(port, "/api/alerts").body(), JsonNode.class).path("alerts").size() == 2);

            WebDriver browser = Chromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get("http://localhost:" + port + "/");
                wait.until(d -> d.findElements(By.cssSelector("#feed li")).size() == 2);
                WebElement inferredRow = browser.findElement(By.cssSelector("#feed li[data-thread='" + inferred.id() + "']"));
                WebElement reportedRow = browser.findElement(By.cssSelector("#feed li[data-thread='" + reported.id() + "']"));
                assertThat(inferredRow.findElements(By.cssSelector(".badge.inferred"))).extracting(WebElement::getText)
                        .containsExactly("inferred");
                assertThat(reportedRow.findElements(By.cssSelector(".badge.inferred"))).isEmpty();

                browser.get("http://localhost:" + port + "/alerts/" + inferred.id());
                wait.until(ExpectedConditions.attributeToBe(By.id("alert"), "data-state", "loaded"));
                assertThat(browser.findElement(By.id("alert")).getText()).contains("Ihar Losik", "inferred from a roster");
                browser.get("http://localhost:" + port + "/alerts/" + reported.id());
                wait.until(ExpectedConditions.attributeToBe(By.id("alert"), "data-state", "loaded"));
                assertThat(browser.findElement(By.id("alert")).getText()).contains("Ales Bialiatski")
                        .doesNotContain("inferred");
            } finally {
                browser.quit();
            }
        }
    }

    private static Alert watched(String id, String personId, String name, boolean inferred) {
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.putObject("person").put("id", personId).put("name", name);
        details.put("corroboration", "single-source");
        if (inferred) {
            details.put("inferred", true);
        }
        return SampleAlerts.alert(id, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY")
                .withTitleAndDetails(name + " released from detention in Belarus", details);
    }
}
