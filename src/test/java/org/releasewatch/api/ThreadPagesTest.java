package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Severity;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Chromium;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Threads on the dashboard, in real headless Chromium, with update and cancel messages written to the alerts topic:
 * the feed shows one row per thread (its newest message, "updated" or "withdrawn", how many messages), and the page of
 * any message of a thread shows the whole thread oldest first; {@code /api/alerts/{id}/thread} answers the same.
 * Screenshots (1000x700) under target/screenshots/.
 */
class ThreadPagesTest {

    @Test
    void theFeedShowsOneRowPerThreadAndAnAlertsPageShowsItsWholeThreadOldestFirst() {
        Chromium.assumeInstalled();
        TopicsConfig topics = TestService.uniqueTopics();
        try (ReleasewatchService service = TestService.start(TestService.properties(topics, TestService.tempDir()))) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);
            Instant t = Instant.now();
            Alert a = SampleAlerts.alert(Topics.unique("a"), AlertRule.MASS_RELEASE, Severity.WARNING, "BY")
                    .withTitleAndDetails("10 people released in Belarus on 13 Dec 2025", Json.MAPPER.createObjectNode())
                    .withEmittedAt(t);
            Alert aUpdate = a.inThread(MsgType.UPDATE, MessageIds.of(a.id(), "threshold:100"), a.id(), List.of(a.id()),
                    "100 releases, was 10").withTitleAndDetails("100 people released in Belarus on 13 Dec 2025",
                    Json.MAPPER.createObjectNode()).withEmittedAt(t.plusSeconds(1));
            Alert aCancel = a.inThread(MsgType.CANCEL, MessageIds.of(a.id(), "retracted:e-1"), a.id(),
                    List.of(a.id(), aUpdate.id()), "report withdrawn by its source").withTitleAndDetails(
                    "Withdrawn: releases in Belarus on 13 Dec 2025", Json.MAPPER.createObjectNode()).withEmittedAt(t.plusSeconds(2));
            Alert b = SampleAlerts.alert(Topics.unique("b"), AlertRule.SANCTIONS_CHANGE, Severity.INFO, "RU").withEmittedAt(t.plusSeconds(3));
            Alert c = SampleAlerts.alert(Topics.unique("c"), AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY").withEmittedAt(t.plusSeconds(4));
            Alert cUpdate = c.inThread(MsgType.UPDATE, MessageIds.of(c.id(), "corroborated"), c.id(), List.of(c.id()),
                    "confirmed by a second source").withEmittedAt(t.plusSeconds(5));
            Topics.send(SharedBroker.bootstrapServers(), topics.alerts(),
                    List.of(a, aUpdate, aCancel, b, c, cUpdate).stream().map(x -> SampleAlerts.record(topics.alerts(), x)).toList());
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Json.read(Http.get(port, "/api/alerts").body(), JsonNode.class).path("alerts").size() == 6);

            JsonNode thread = Json.read(Http.get(port, "/api/alerts/" + aCancel.id() + "/thread").body(), JsonNode.class);
            assertThat(thread.path("thread").asText()).isEqualTo(a.id());
            assertThat(thread.path("messages")).extracting(m -> m.path("id").asText())
                    .containsExactly(a.id(), aUpdate.id(), aCancel.id());
            assertThat(Http.get(port, "/api/alerts/no-such-alert/thread").statusCode()).isEqualTo(404);

            WebDriver browser = Chromium.start();
            try {
                browser.manage().window().setSize(new Dimension(1000, 700));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get("http://localhost:" + port + "/");
                wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
                wait.until(d -> d.findElements(By.cssSelector("#feed li")).size() == 3);
                Chromium.save(browser, "screenshots/feed-threads.png");
                WebElement rowA = browser.findElement(By.cssSelector("#feed li[data-thread='" + a.id() + "']"));
                assertThat(rowA.getAttribute("data-id")).as("the thread's newest message").isEqualTo(aCancel.id());
                assertThat(rowA.findElement(By.cssSelector(".title")).getText()).isEqualTo(aCancel.title());
                assertThat(rowA.findElement(By.cssSelector(".thread-state")).getText()).isEqualTo("withdrawn");
                assertThat(rowA.findElement(By.cssSelector(".thread-count")).getText()).isEqualTo("3 messages");
                WebElement rowC = browser.findElement(By.cssSelector("#feed li[data-thread='" + c.id() + "']"));
                assertThat(rowC.getAttribute("data-id")).isEqualTo(cUpdate.id());
                assertThat(rowC.findElement(By.cssSelector(".thread-state")).getText()).isEqualTo("updated");
                assertThat(rowC.findElement(By.cssSelector(".thread-count")).getText()).isEqualTo("2 messages");
                WebElement rowB = browser.findElement(By.cssSelector("#feed li[data-thread='" + b.id() + "']"));
                assertThat(rowB.findElements(By.cssSelector(".thread-state, .thread-count"))).isEmpty();

                // the page of the update shows the whole thread, oldest first, the update itself marked
                browser.get("http://localhost:" + port + "/alerts/" + aUpdate.id());
                wait.until(ExpectedConditions.attributeToBe(By.id("thread-box"), "data-state", "loaded"));
                Chromium.save(browser, "screenshots/alert-thread.png");
                List<WebElement> messages = browser.findElements(By.cssSelector("#thread li"));
                assertThat(messages).extracting(li -> li.getAttribute("data-id")).containsExactly(a.id(), aUpdate.id(), aCancel.id());
                assertThat(messages).extracting(li -> li.findElement(By.cssSelector(".thread-kind")).getText())
                        .containsExactly("first alert", "update", "withdrawn");
                assertThat(messages.get(1).getAttribute("class")).contains("current");
                assertThat(messages.get(1).getText()).contains("100 releases, was 10");
                assertThat(messages.get(2).findElement(By.cssSelector("a")).getAttribute("href")).endsWith("/alerts/" + aCancel.id());
            } finally {
                browser.quit();
            }
        }
    }
}
