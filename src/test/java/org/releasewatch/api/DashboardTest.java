package org.releasewatch.api;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.releasewatch.testing.Chromium;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live dashboard in real headless Chromium (Debian's chromium and chromium-driver): a watched
 * person's release appears on the open page, as a critical alert, with today's count in the chart.
 * Screenshots for people: target/dashboard.png and target/dashboard-phone.png.
 */
class DashboardTest {


    @Test
    void aWatchedPersonsReleaseAppearsOnTheOpenDashboard() throws Exception {
        Chromium.assumeInstalled();

        TopicsConfig topics = TestService.uniqueTopics();
        try (ReleasewatchService service = TestService.start(TestService.properties(topics, TestService.tempDir()))) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);
            Story.feedWatchlist(SharedBroker.bootstrapServers(), topics);
            Story.awaitWatchlist(service);

            WebDriver browser = Chromium.start();
            try {
                browser.manage().window().setSize(new Dimension(1280, 900));
                browser.get("http://localhost:" + port + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));

                ReleaseEvent release = new ReleaseEvent("dashboard-" + Topics.unique("e"),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60), "by",
                        new Person("viasna:1", "Ales Bialiatski", List.of("nobel-laureate")), List.of(), "LT", null,
                        new Source("Viasna", "https://spring96.org"));
                try (KafkaProducer<byte[], byte[]> producer = Topics.producer(SharedBroker.bootstrapServers())) {
                    producer.send(Topics.record(topics.releases(), release.eventId(), Json.string(release)));
                }

                WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#feed li[data-rule='WATCHLIST_RELEASE']")));
                assertThat(alert.findElement(By.className("title")).getText())
                        .isEqualTo("Ales Bialiatski released from detention in Belarus, transferred to Lithuania");
                assertThat(alert.getAttribute("class")).contains("critical");
                assertThat(alert.findElement(By.className("evidence")).getAttribute("href")).contains("/api/alerts/");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("releases"), "BY"));
                assertThat(browser.findElement(By.id("health")).getText()).isEqualTo("healthy");
                Chromium.save(browser, "dashboard.png");

                browser.manage().window().setSize(new Dimension(390, 844));
                browser.navigate().refresh();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#feed li[data-rule='WATCHLIST_RELEASE']")));
                assertThat(browser.findElement(By.tagName("body")).getRect().getWidth()).isLessThanOrEqualTo(390);
                Chromium.save(browser, "dashboard-phone.png");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void withATokenTheDashboardAsksForItOnceAndNeverPutsItInAUrl() throws Exception {
        Chromium.assumeInstalled();

        TopicsConfig topics = TestService.uniqueTopics();
        java.util.Map<String, Object> props = new java.util.HashMap<>(TestService.properties(topics, TestService.tempDir()));
        String token = "dashboard-read-token-" + Topics.unique("t");
        props.put("releasewatch.api.token", token);
        try (ReleasewatchService service = TestService.start(props)) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);
            WebDriver browser = Chromium.start();
            try {
                browser.get("http://localhost:" + port + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
                input.sendKeys(token);
                browser.findElement(By.cssSelector("#token-dialog button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));

                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("releases"), "No release"));
                assertThat(browser.findElement(By.id("notice")).isDisplayed()).isFalse();
                // a reload in the same session does not ask again
                browser.navigate().refresh();
                wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
                assertThat(browser.findElement(By.id("token-dialog")).isDisplayed()).isFalse();
                @SuppressWarnings("unchecked")
                List<String> urls = (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
                assertThat(urls).anySatisfy(u -> assertThat(u).contains("/api/alerts?limit=50"))
                        .noneSatisfy(u -> assertThat(u).contains(token));
            } finally {
                browser.quit();
            }
        }
    }
}
