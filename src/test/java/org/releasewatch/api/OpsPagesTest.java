package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Chromium;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ops pages in real headless Chromium: the feed filtered (and the filter in the address), an alert's page,
 * acknowledging it with an operator token asked for once, silencing alerts like it, the silences page expiring
 * that silence, and a country's month drawn by Chart.js. Screenshots (1000x700) under target/screenshots/.
 */
class OpsPagesTest {

    static final String OPERATOR_TOKEN = "ops-page-operator-token";

    @Test
    void anOperatorFiltersOpensAcknowledgesAndSilencesAnAlertAndSeesItsCountry() throws Exception {
        Chromium.assumeInstalled();

        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> props = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        props.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", OPERATOR_TOKEN)));
        try (ReleasewatchService service = TestService.start(props)) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);
            Story.feedWatchlist(SharedBroker.bootstrapServers(), topics);
            Story.awaitWatchlist(service);
            feedAMonthOfBelarus(topics);
            Alert sanctions = SampleAlerts.alert(Topics.unique("sanctions"), AlertRule.SANCTIONS_CHANGE, Severity.INFO, "RU");
            Topics.send(SharedBroker.bootstrapServers(), topics.alerts(), List.of(SampleAlerts.record(topics.alerts(), sanctions)));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode alerts = Json.read(Http.get(port, "/api/alerts").body(), JsonNode.class).path("alerts");
                return alerts.findValuesAsText("rule").containsAll(List.of("MASS_RELEASE", "WATCHLIST_RELEASE", "SANCTIONS_CHANGE"));
            });
            String massId = Json.read(Http.get(port, "/api/alerts?rule=MASS_RELEASE").body(), JsonNode.class)
                    .path("alerts").get(0).path("id").asText();

            WebDriver browser = Chromium.start();
            try {
                browser.manage().window().setSize(new Dimension(1000, 700));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

                // the feed, then filtered to mass releases in Belarus; the filter is in the address
                browser.get("http://localhost:" + port + "/");
                wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
                wait.until(d -> d.findElements(By.cssSelector("#feed li")).size() >= 3);
                Chromium.save(browser, "screenshots/feed.png");
                new Select(browser.findElement(By.cssSelector("#filters select[name=rule]"))).selectByVisibleText("MASS_RELEASE");
                WebElement country = browser.findElement(By.cssSelector("#filters input[name=country]"));
                country.sendKeys("by");
                browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
                wait.until(ExpectedConditions.urlContains("rule=MASS_RELEASE"));
                wait.until(ExpectedConditions.urlContains("country=by"));
                wait.until(d -> !d.findElements(By.cssSelector("#feed li")).isEmpty() && d.findElements(By.cssSelector("#feed li"))
                        .stream().allMatch(li -> "MASS_RELEASE".equals(li.getAttribute("data-rule"))));
                browser.navigate().refresh(); // a shared address shows the same view
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#feed li[data-id='" + massId + "']")));
                assertThat(browser.findElements(By.cssSelector("#feed li[data-rule='WATCHLIST_RELEASE']"))).isEmpty();
                assertThat(new Select(browser.findElement(By.cssSelector("#filters select[name=rule]"))).getFirstSelectedOption().getText())
                        .isEqualTo("MASS_RELEASE");

                // its page
                browser.findElement(By.cssSelector("#feed li[data-id='" + massId + "'] .title a")).click();
                wait.until(ExpectedConditions.urlContains("/alerts/" + massId));
                wait.until(ExpectedConditions.attributeToBe(By.id("alert"), "data-state", "loaded"));
                assertThat(browser.findElement(By.id("alert-title")).getText()).contains("people released in Belarus");
                assertThat(browser.findElement(By.id("figures")).getText()).contains("By destination").contains("LT");
                assertThat(browser.findElements(By.cssSelector("#event-ids li"))).hasSizeGreaterThanOrEqualTo(10);
                assertThat(browser.findElement(By.cssSelector("#sources a")).getAttribute("href")).isEqualTo("https://spring96.org/");
                assertThat(browser.findElement(By.id("rule-text")).getAttribute("textContent")).isEqualTo(AlertRule.MASS_RELEASE.description());
                assertThat(browser.findElement(By.id("states")).getText()).contains("not acknowledged");

                // acknowledge: the operator token is asked for once, then used for the silence too
                browser.findElement(By.cssSelector("#ack-form input[name=note]")).sendKeys("calling Viasna");
                browser.findElement(By.id("ack-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input"))).sendKeys(OPERATOR_TOKEN);
                browser.findElement(By.cssSelector("#token-dialog button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("states"), "acknowledged by alice"));
                JsonNode acked = Json.read(Http.get(port, "/api/alerts/" + massId).body(), JsonNode.class);
                assertThat(acked.path("ack").path("note").asText()).isEqualTo("calling Viasna");

                browser.findElement(By.cssSelector("#silence-box summary")).click();
                assertThat(browser.findElement(By.cssSelector("#silence-form input[name=rules]")).getAttribute("value")).isEqualTo("MASS_RELEASE");
                assertThat(browser.findElement(By.cssSelector("#silence-form input[name=countries]")).getAttribute("value")).isEqualTo("BY");
                browser.findElement(By.cssSelector("#silence-form input[name=comment]")).sendKeys("exchange under way, partners know");
                browser.findElement(By.id("silence-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("act-result"), "Silence created"));
                assertThat(browser.findElements(By.id("token-dialog")).get(0).isDisplayed()).isFalse();
                JsonNode silences = Json.read(Http.get(port, "/api/silences").body(), JsonNode.class).path("silences");
                assertThat(silences).hasSize(1);
                assertThat(silences.get(0).path("matchers").path("countries").get(0).asText()).isEqualTo("BY");
                assertThat(silences.get(0).path("createdBy").asText()).isEqualTo("alice");
                ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
                Chromium.save(browser, "screenshots/alert.png");

                // the silences page: expire it
                browser.findElement(By.cssSelector("#act-result a")).click();
                wait.ignoring(StaleElementReferenceException.class); // the table is drawn again after each change
                wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#silences tbody tr"), "data-state", "active"));
                assertThat(browser.findElement(By.cssSelector("#silences tbody tr")).getAttribute("class")).contains("target");
                browser.findElement(By.cssSelector("#silences button.expire")).click();
                wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#silences tbody tr"), "data-state", "ended"));
                assertThat(browser.findElements(By.cssSelector("#silences button.expire"))).isEmpty();
                assertThat(Json.read(Http.get(port, "/api/silences").body(), JsonNode.class).path("silences").get(0)
                        .path("state").asText()).isEqualTo("ended");

                // the country's month, drawn by Chart.js from the jar
                browser.get("http://localhost:" + port + "/countries/BY");
                wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-ready", "14"));
                assertThat((Boolean) ((JavascriptExecutor) browser).executeScript("return typeof Chart === 'function'")).isTrue();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#mass li a")));
                Chromium.save(browser, "screenshots/country.png");

                // one day from the day history, by its address; a day older than the history keeps says so
                String twentyDaysAgo = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(20).toString();
                browser.get("http://localhost:" + port + "/countries/BY?date=" + twentyDaysAgo);
                wait.until(ExpectedConditions.attributeToBe(By.id("day-answer"), "data-state", "loaded"));
                assertThat(browser.findElement(By.id("day-answer")).getAttribute("data-count")).isEqualTo("1");
                assertThat(browser.findElement(By.id("day-answer")).getText()).startsWith("1 person released from BY on " + twentyDaysAgo);
                WebElement date = browser.findElement(By.id("day-date"));
                assertThat(date.getAttribute("value")).isEqualTo(twentyDaysAgo);
                ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2020-01-01'", date);
                browser.findElement(By.cssSelector("#day-form button")).click();
                wait.until(ExpectedConditions.attributeToBe(By.id("day-answer"), "data-state", "gone"));
                assertThat(browser.findElement(By.id("day-answer")).getText()).contains("releasewatch.history.retention")
                        .doesNotContain("0 people");
                assertThat(browser.getCurrentUrl()).endsWith("date=2020-01-01");

                @SuppressWarnings("unchecked")
                List<String> urls = (List<String>) ((JavascriptExecutor) browser).executeScript(
                        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
                assertThat(urls).noneSatisfy(u -> assertThat(u).contains(OPERATOR_TOKEN));
                assertThat(urls).anySatisfy(u -> assertThat(u).contains("/webjars/chart.js/"));

                // readable on a phone: nothing wider than the screen
                browser.manage().window().setSize(new Dimension(390, 844));
                Map<String, String> loaded = new java.util.LinkedHashMap<>();
                loaded.put("/alerts/" + massId, "#alert[data-state=loaded]");
                loaded.put("/countries/BY", "#chart[data-ready]");
                loaded.put("/silences", "#silences tbody tr");
                loaded.put("/?rule=MASS_RELEASE", "#feed li");
                for (var page : loaded.entrySet()) {
                    browser.get("http://localhost:" + port + page.getKey());
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(page.getValue())));
                    Number width = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
                    Number viewport = (Number) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
                    assertThat(width.intValue()).as(page.getKey()).isLessThanOrEqualTo(viewport.intValue());
                }
                Chromium.save(browser, "screenshots/feed-phone.png");
            } finally {
                browser.quit();
            }
        }
    }

    /** 14 persons released from Belarus: 3 over the last month, then 11 today (a mass release), one of them watched. */
    private static void feedAMonthOfBelarus(TopicsConfig topics) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ReleaseEvent> releases = new ArrayList<>();
        int[] daysAgo = {20, 9, 3};
        for (int i = 0; i < daysAgo.length; i++) {
            releases.add(release(i, now.minus(Duration.ofDays(daysAgo[i])), "PL"));
        }
        for (int i = 0; i < 11; i++) {
            releases.add(release(10 + i, now.minusSeconds(600 - i * 30L), i % 3 == 0 ? "UA" : "LT"));
        }
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(SharedBroker.bootstrapServers())) {
            for (ReleaseEvent r : releases) {
                producer.send(Topics.record(topics.releases(), r.eventId(), Json.string(r)));
            }
        }
    }

    private static ReleaseEvent release(int n, Instant at, String to) {
        return new ReleaseEvent("ops-page-" + Topics.unique("e"), at, "by",
                n == 10 ? new Person("viasna:1", "Ales Bialiatski", List.of("nobel-laureate")) : new Person("ops-page:" + n, "Person " + n, List.of()),
                List.of(), to, null,
                new Source("Viasna", "https://spring96.org"));
    }
}
