package org.releasewatch.api;

import org.releasewatch.api.access.OpenPage;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;

/** {@code /watchlist}, the address people type, is the page {@code /watchlist.html}. */
@Controller
@OpenPage
@Hidden
public class WatchlistPage {

    @Get("/watchlist")
    public HttpResponse<?> page() {
        return HttpResponse.seeOther(URI.create("/watchlist.html"));
    }
}
