package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Chromium;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.TestService;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
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
}
