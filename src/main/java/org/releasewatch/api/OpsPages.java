package org.releasewatch.api;

import org.releasewatch.api.access.OpenPage;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's pages with an address of their own: {@code /alerts/{id}}, {@code /countries/{code}} and
 * {@code /silences}. Each is a static page (under {@code public/}) whose script reads the id or code from the
 * address and the data from {@code /api} with the token in a header, so the page itself needs no token and a
 * link to it (from a chat message, say) can be shared.
 */
@Controller
@OpenPage
@Hidden
public class OpsPages {

    private final String alertPage = page("alert.html");
    private final String countryPage = page("country.html");
    private final String silencesPage = page("silences.html");

    @Get(uri = "/alerts/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> alert(@PathVariable String id) {
        return html(alertPage);
    }

    @Get(uri = "/countries/{code}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> country(@PathVariable String code) {
        return html(countryPage);
    }

    @Get(uri = "/silences", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> silences() {
        return html(silencesPage);
    }

    private static HttpResponse<String> html(String page) {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8");
    }

    private static String page(String name) {
        try (InputStream in = OpsPages.class.getResourceAsStream("/public/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the page public/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
