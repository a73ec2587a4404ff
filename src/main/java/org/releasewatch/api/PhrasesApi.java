package org.releasewatch.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;
import org.releasewatch.api.access.OpenPage;
import org.releasewatch.i18n.Catalogue;
import org.releasewatch.i18n.Language;
import org.releasewatch.i18n.PluralForms;
import org.releasewatch.json.Json;
import org.releasewatch.model.BadParameter;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /i18n/{lang}.json}: the pages' phrases ({@code page.*} of the message catalogue) in one language, for
 * the pages' {@code ?lang=}. A phrase with a plural is {@code {"plural": "<argument>", "forms": {"one": "…", "few":
 * "…", …}}}, the sentence per CLDR category of the language ({@link PluralForms}); the others are the pattern. As open as the pages themselves: the phrases are the service's own words, no data.
 */
@Controller
@OpenPage
@Hidden
public class PhrasesApi {

    /** The catalogues are read-only at run time: each language's answer is rendered once. */
    private final Map<Language, String> rendered = new ConcurrentHashMap<>();

    @Get(uri = "/i18n/{lang}.json", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> phrases(@PathVariable String lang) {
        Language language;
        try {
            language = Language.fromTag(lang);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("lang", e.getMessage());
        }
        return HttpResponse.ok(rendered.computeIfAbsent(language, PhrasesApi::render)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String render(Language language) {
        Catalogue catalogue = Catalogue.of(language);
        Map<String, Object> phrases = new TreeMap<>();
        catalogue.patterns("page.").forEach((key, pattern) -> {
            PluralForms plural = PluralForms.of(pattern, catalogue);
            phrases.put(key, plural == null ? pattern : plural);
        });
        return Json.string(phrases);
    }
}
