package org.releasewatch.i18n;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code releasewatch.locale}: the language of chat and email messages whose subscription names none, of the pages
 * without {@code ?lang=} and of CAP documents (one of {@code en}, {@code be}, {@code ru}, {@code uk}).
 */
@ConfigurationProperties("releasewatch")
public record LocaleConfig(@Bindable(defaultValue = "en") String locale) {

    public LocaleConfig {
        try {
            locale = Language.fromTag(locale == null ? "en" : locale).tag();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("releasewatch.locale: " + e.getMessage());
        }
    }

    public Language language() {
        return Language.fromTag(locale);
    }
}
