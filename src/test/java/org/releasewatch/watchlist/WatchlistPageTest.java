package org.releasewatch.watchlist;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.releasewatch.testing.Chromium;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.TestService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchlist page in real headless Chromium: a person added and edited through the form, a spreadsheet
 * imported through the page (previewed, then applied), a search, and a removal confirmed in the dialog; the
 * API shows the same list afterwards. Screenshots: target/watchlist-preview.png, target/watchlist.png,
 * target/watchlist-phone.png.
 */
class WatchlistPageTest {


    @Test
    void aSpreadsheetIsPreviewedAndAppliedThroughThePageAndPersonsAreEditedAndRemoved() throws Exception {
        Chromium.assumeInstalled();

        TopicsConfig topics = TestService.uniqueTopics();
        try (ReleasewatchService service = TestService.start(Api.withOperator(TestService.properties(topics, TestService.tempDir())))) {
            int port = service.httpPort();
            Api api = new Api(port);
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(port, "/health").statusCode() == 200);
            Path file = Files.createTempFile("watchlist", ".csv");
            Files.writeString(file, "\uFEFFpersonId;name;priority;note\r\n"
                    + "viasna:1;Ales Bialiatski;high;\"Nobel Peace Prize 2022; <b>not bold</b>\"\r\n"
                    + "viasna:2;Maria Kalesnikava;high;\r\n"
                    + "viasna:3;Ihar Losik;normal;\"blogger, \"\"Belarus of the Brain\"\"\"\r\n", StandardCharsets.UTF_8);

            WebDriver browser = Chromium.start();
            try {
                browser.manage().window().setSize(new Dimension(1280, 900));
                browser.get("http://localhost:" + port + "/");
                // the operator token the page would ask for on its first change, kept for this tab only
                ((JavascriptExecutor) browser).executeScript(
                        "sessionStorage.setItem('releasewatch.operator-token', arguments[0])", Api.OPERATOR_TOKEN);
                browser.findElement(By.linkText("Watchlist")).click();
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.until(ExpectedConditions.textToBe(By.id("total"), "0 persons"));
                assertThat(browser.getCurrentUrl()).endsWith("/watchlist.html");

                // add a person through the form, then edit their priority
                browser.findElement(By.id("f-id")).sendKeys("viasna:1");
                browser.findElement(By.id("f-name")).sendKeys("Ales Bialiatski");
                browser.findElement(By.id("save")).click();
                WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-person-id='viasna:1']")));
                assertThat(row.findElement(By.className("priority")).getText()).isEqualTo("normal");
                assertThat(row.findElement(By.className("by")).getText()).isIn(Api.RECORDED);
                row.findElement(By.className("edit")).click();
                new Select(browser.findElement(By.id("f-priority"))).selectByValue("high");
                browser.findElement(By.id("save")).click();
                wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-person-id='viasna:1'] .priority"), "high"));

                // import: preview first — nothing written — then apply
                browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
                browser.findElement(By.id("preview")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-result")));
                assertThat(browser.findElement(By.cssSelector("#summary dd.added")).getText()).isEqualTo("2");
                assertThat(browser.findElement(By.cssSelector("#summary dd.changed")).getText()).isEqualTo("1");
                assertThat(browser.findElement(By.cssSelector("#summary dd.unchanged")).getText()).isEqualTo("0");
                assertThat(browser.findElement(By.id("apply")).isEnabled()).isTrue();
                assertThat(api.json("/api/watchlist").get("total").asInt()).as("a preview writes nothing").isEqualTo(1);
                Chromium.save(browser, "watchlist-preview.png");
                browser.findElement(By.id("apply")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "Imported: 2 added, 1 changed"));
                wait.until(ExpectedConditions.textToBe(By.id("total"), "3 persons"));
                // the note is shown as text, markup and all
                assertThat(browser.findElement(By.cssSelector("tr[data-person-id='viasna:1'] .note")).getText())
                        .isEqualTo("Nobel Peace Prize 2022; <b>not bold</b>");
                assertThat(browser.findElements(By.cssSelector("#persons b"))).isEmpty();

                // search, accent- and case-insensitive
                browser.findElement(By.id("query")).sendKeys("KALESNIKAVA");
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#persons tbody tr"), 1));
                assertThat(browser.findElement(By.cssSelector("#persons tbody tr")).getAttribute("data-person-id")).isEqualTo("viasna:2");
                browser.findElement(By.id("query")).clear();
                browser.findElement(By.id("query")).sendKeys(" ");
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#persons tbody tr"), 3));
                Chromium.save(browser, "watchlist.png");

                // remove, after a confirmation (cancel first: nothing happens)
                browser.findElement(By.cssSelector("tr[data-person-id='viasna:3'] .remove")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
                assertThat(browser.findElement(By.id("confirm-text")).getText()).contains("Ihar Losik");
                browser.findElement(By.cssSelector("#confirm-dialog button[value=cancel]")).click();
                assertThat(api.get("/api/watchlist/viasna:3").statusCode()).isEqualTo(200);
                browser.findElement(By.cssSelector("tr[data-person-id='viasna:3'] .remove")).click();
                browser.findElement(By.id("confirm-ok")).click();
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-person-id='viasna:3']"), 0));
                assertThat(api.get("/api/watchlist/viasna:3").statusCode()).isEqualTo(404);
                JsonNode list = api.json("/api/watchlist");
                assertThat(list.get("entries").findValuesAsText("personId")).containsExactlyInAnyOrder("viasna:1", "viasna:2");
                assertThat(api.json("/api/watchlist/viasna:1").get("priority").asText()).isEqualTo("high");

                browser.manage().window().setSize(new Dimension(390, 844));
                browser.navigate().refresh();
                wait.until(ExpectedConditions.textToBe(By.id("total"), "2 persons"));
                assertThat(browser.findElement(By.tagName("body")).getRect().getWidth()).isLessThanOrEqualTo(390);
                Chromium.save(browser, "watchlist-phone.png");
            } finally {
                browser.quit();
            }
        }
    }
}
