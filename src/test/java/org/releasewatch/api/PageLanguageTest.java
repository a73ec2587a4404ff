package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Chromium;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pages with {@code ?lang=uk} in headless Chromium show the Ukrainian catalogue's labels; without it, English.
 * Text is read as the DOM's {@code textContent}: the style sheet shows some headings in capitals.
 */
class PageLanguageTest {

    @Test
    void theCountryPageAndTheDashboardWithLangUkShowUkrainianLabels() throws Exception {
        Chromium.assumeInstalled();
        Map<String, Object> props = new HashMap<>(TestService.properties(TestService.uniqueTopics(), TestService.tempDir()));
        try (ReleasewatchService service = TestService.start(props)) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);

            HttpResponse<String> unknown = Http.get(port, "/i18n/de.json");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(Json.read(unknown.body(), JsonNode.class).path("detail").asText())
                    .isEqualTo("lang: \"de\" is not one of en, be, ru, uk");
            assertThat(Json.read(Http.get(port, "/i18n/uk.json").body(), JsonNode.class).path("page.country.day").asText())
                    .isEqualTo("Один день");

            WebDriver browser = Chromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get("http://localhost:" + port + "/countries/BY?lang=uk");
                wait.until(ExpectedConditions.attributeToBe(By.id("day-title"), "textContent", "Один день"));
                assertThat(browser.findElement(By.id("mass-title")).getDomProperty("textContent")).isEqualTo("Масові звільнення");
                assertThat(browser.findElement(By.id("country-title")).getDomProperty("textContent")).isEqualTo("Звільнення за днями (UTC), останні 30 днів");
                assertThat(browser.findElement(By.cssSelector("#day-form button")).getDomProperty("textContent")).isEqualTo("Показати");
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("uk");
                assertThat(browser.findElement(By.cssSelector("nav a[href^='/silences']")).getAttribute("href"))
                        .as("links to the other pages keep the language").endsWith("/silences?lang=uk");

                browser.get("http://localhost:" + port + "/?lang=uk");
                wait.until(ExpectedConditions.attributeToBe(By.id("feed-title"), "textContent", "Сповіщення"));
                assertThat(browser.findElement(By.id("releases-title")).getDomProperty("textContent")).isEqualTo("Звільнення за останні 7 днів (UTC)");
                assertThat(browser.findElement(By.cssSelector("#filters button[type=submit]")).getDomProperty("textContent")).isEqualTo("Відфільтрувати");

                browser.get("http://localhost:" + port + "/countries/BY");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("day-title")));
                assertThat(browser.findElement(By.id("day-title")).getDomProperty("textContent")).as("no ?lang=: English").isEqualTo("One day");
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The country page in {@code ?lang=be} writes its summary and a day's answer with the Belarusian plural form the
     * browser's CLDR rules pick: 2 releases take {@code few}, 5 take {@code many}; no plural is written in the page.
     */
    @Test
    void theCountryPageInBelarusianPicksThePluralFormsFewAndManyByCldr() throws Exception {
        Chromium.assumeInstalled();
        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> props = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        try (ReleasewatchService service = TestService.start(props)) {
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);
            JsonNode summary = Json.read(Http.get(port, "/i18n/be.json").body(), JsonNode.class).path("page.country.summary");
            assertThat(summary.path("plural").asText()).isEqualTo("total");
            assertThat(summary.path("forms").path("few").asText()).isEqualTo("{code}: {total} вызваленні за апошнія {days} дзён");

            Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3)).plus(Duration.ofHours(10));
            String date = LocalDate.ofInstant(day, ZoneOffset.UTC).toString();
            WebDriver browser = Chromium.start();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                feed(topics, day, 0, 2);
                String page = "http://localhost:" + port + "/countries/BY?lang=be&date=" + date;
                showsCount(browser, wait, page, "2");
                assertThat(browser.findElement(By.id("country-summary")).getDomProperty("textContent"))
                        .isEqualTo("BY: 2 вызваленні за апошнія 30 дзён");
                assertThat(browser.findElement(By.id("day-answer")).getDomProperty("textContent"))
                        .isEqualTo("2 чалавекі вызвалены з BY " + date + " (LT: 2).");

                feed(topics, day, 2, 3);
                showsCount(browser, wait, page, "5");
                assertThat(browser.findElement(By.id("country-summary")).getDomProperty("textContent"))
                        .isEqualTo("BY: 5 вызваленняў за апошнія 30 дзён");
                assertThat(browser.findElement(By.id("day-answer")).getDomProperty("textContent"))
                        .isEqualTo("5 чалавек вызвалена з BY " + date + " (LT: 5).");
            } finally {
                browser.quit();
            }
        }
    }

    /** Loads the page until both the chart and the day's answer count {@code count} releases. */
    private static void showsCount(WebDriver browser, WebDriverWait wait, String page, String count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.get(page);
            wait.until(ExpectedConditions.attributeToBe(By.id("day-answer"), "data-state", "loaded"));
            wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("chart")), "data-ready"));
            return count.equals(browser.findElement(By.id("chart")).getAttribute("data-ready"))
                    && count.equals(browser.findElement(By.id("day-answer")).getAttribute("data-count"));
        });
    }

    /** {@code n} distinct persons released from Belarus to Lithuania at {@code at}. */
    private static void feed(TopicsConfig topics, Instant at, int first, int n) {
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(SharedBroker.bootstrapServers())) {
            for (int i = first; i < first + n; i++) {
                ReleaseEvent r = new ReleaseEvent("lang-page-" + Topics.unique("e"), at.plusSeconds(i), "by",
                        new Person("lang-page:" + i, "Person " + i, List.of()), List.of(), "LT", null,
                        new Source("Viasna", "https://spring96.org"));
                producer.send(Topics.record(topics.releases(), r.eventId(), Json.string(r)));
            }
        }
    }
}
