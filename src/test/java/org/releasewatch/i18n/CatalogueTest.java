package org.releasewatch.i18n;

import com.ibm.icu.text.MessageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogues: plural forms against hand-checked strings, every key in every language, the fallback to English. */
@Fast
class CatalogueTest {

    private static final int[] COUNTS = {1, 2, 5, 11, 21, 22, 25, 101, 123};

    /** Written out by hand from the CLDR rules (one: 1, 21, 101; few: 2–4, 22–24; many: 5–20, 25–30, 11–14…). */
    private static final Map<Language, List<String>> PEOPLE = Map.of(
            Language.EN, List.of("1 person", "2 people", "5 people", "11 people", "21 people", "22 people", "25 people",
                    "101 people", "123 people"),
            Language.BE, List.of("1 чалавек", "2 чалавекі", "5 чалавек", "11 чалавек", "21 чалавек", "22 чалавекі",
                    "25 чалавек", "101 чалавек", "123 чалавекі"),
            Language.RU, List.of("1 человек", "2 человека", "5 человек", "11 человек", "21 человек", "22 человека",
                    "25 человек", "101 человек", "123 человека"),
            Language.UK, List.of("1 людина", "2 людини", "5 людей", "11 людей", "21 людина", "22 людини", "25 людей",
                    "101 людина", "123 людини"));

    private static final Map<Language, List<String>> RELEASES = Map.of(
            Language.EN, List.of("1 release", "2 releases", "5 releases", "11 releases", "21 releases", "22 releases",
                    "25 releases", "101 releases", "123 releases"),
            Language.BE, List.of("1 вызваленне", "2 вызваленні", "5 вызваленняў", "11 вызваленняў", "21 вызваленне",
                    "22 вызваленні", "25 вызваленняў", "101 вызваленне", "123 вызваленні"),
            Language.RU, List.of("1 освобождение", "2 освобождения", "5 освобождений", "11 освобождений",
                    "21 освобождение", "22 освобождения", "25 освобождений", "101 освобождение", "123 освобождения"),
            Language.UK, List.of("1 звільнення", "2 звільнення", "5 звільнень", "11 звільнень", "21 звільнення",
                    "22 звільнення", "25 звільнень", "101 звільнення", "123 звільнення"));

    @ParameterizedTest
    @EnumSource(Language.class)
    void countsOfPeopleAndReleasesTakeEachLanguagesPluralForms(Language language) {
        Catalogue c = Catalogue.of(language);
        assertThat(IntStream.of(COUNTS).mapToObj(n -> c.format("people", Map.of("count", n))).toList())
                .containsExactlyElementsOf(PEOPLE.get(language));
        assertThat(IntStream.of(COUNTS).mapToObj(n -> c.format("releases", Map.of("count", n))).toList())
                .containsExactlyElementsOf(RELEASES.get(language));
    }

    @Test
    void aBatchOfAlertsIsCountedInBelarusianRussianAndUkrainianForms() {
        assertThat(IntStream.of(COUNTS).mapToObj(n -> Catalogue.of(Language.BE).text("batch.alerts", n)).toList())
                .containsExactly("1 апавяшчэнне releasewatch", "2 апавяшчэнні releasewatch", "5 апавяшчэнняў releasewatch",
                        "11 апавяшчэнняў releasewatch", "21 апавяшчэнне releasewatch", "22 апавяшчэнні releasewatch",
                        "25 апавяшчэнняў releasewatch", "101 апавяшчэнне releasewatch", "123 апавяшчэнні releasewatch");
        assertThat(IntStream.of(COUNTS).mapToObj(n -> Catalogue.of(Language.RU).text("batch.alerts", n)).toList())
                .containsExactly("1 оповещение releasewatch", "2 оповещения releasewatch", "5 оповещений releasewatch",
                        "11 оповещений releasewatch", "21 оповещение releasewatch", "22 оповещения releasewatch",
                        "25 оповещений releasewatch", "101 оповещение releasewatch", "123 оповещения releasewatch");
        assertThat(IntStream.of(COUNTS).mapToObj(n -> Catalogue.of(Language.UK).text("batch.alerts", n)).toList())
                .containsExactly("1 сповіщення releasewatch", "2 сповіщення releasewatch", "5 сповіщень releasewatch",
                        "11 сповіщень releasewatch", "21 сповіщення releasewatch", "22 сповіщення releasewatch",
                        "25 сповіщень releasewatch", "101 сповіщення releasewatch", "123 сповіщення releasewatch");
    }

    @Test
    void englishCountsHaveNoThousandsSeparatorAsTheAlertsTopicsTitlesNeverHad() {
        assertThat(Catalogue.of(Language.EN).format("people", Map.of("count", 12345))).isEqualTo("12345 people");
        assertThat(Catalogue.of(Language.EN).format("releases", Map.of("count", 1000))).isEqualTo("1000 releases");
    }

    @ParameterizedTest
    @EnumSource(value = Language.class, names = {"BE", "RU", "UK"})
    void everyCatalogueHasEveryKeyOfEnglishWithTheSameArgumentsAndNoOthers(Language language) {
        Catalogue english = Catalogue.of(Language.EN);
        Catalogue c = Catalogue.of(language);
        Set<String> keys = english.englishKeys();
        assertThat(keys).filteredOn(k -> !c.hasOwn(k)).as("keys of messages_en missing from messages_%s", language.tag()).isEmpty();
        assertThat(c.ownKeys()).as("keys of messages_%s that English does not have", language.tag()).isSubsetOf(keys);
        for (String key : keys) {
            if (key.startsWith("format.")) {
                continue; // date patterns, not messages
            }
            assertThat(arguments(c.pattern(key))).as("the {…} arguments of %s in %s", key, language.tag())
                    .isEqualTo(arguments(english.pattern(key)));
        }
    }

    @Test
    void aMissingTranslationFallsBackToEnglishNeverToTheKey() {
        Catalogue incomplete = Catalogue.load("i18n-test/incomplete", "be");
        assertThat(incomplete.text("label.time")).isEqualTo("Час");
        assertThat(incomplete.text("label.country")).isEqualTo("Country");
        assertThat(incomplete.format("people", Map.of("count", 2))).isEqualTo("2 people");
        assertThatThrownBy(() -> incomplete.text("label.nowhere")).hasMessageContaining("no phrase \"label.nowhere\"");
    }

    @Test
    void countriesAndDatesAreWrittenInEachLanguage() {
        Instant at = Instant.parse("2025-12-13T08:00:00Z");
        assertThat(Catalogue.of(Language.EN).country("BY") + " · " + Catalogue.of(Language.EN).time(at))
                .isEqualTo("Belarus · 13 Dec 2025, 08:00 UTC");
        assertThat(Catalogue.of(Language.BE).country("LT") + " · " + Catalogue.of(Language.BE).time(at))
                .isEqualTo("Літва · 13 снежня 2025, 08:00 UTC");
        assertThat(Catalogue.of(Language.RU).country("BY") + " · " + Catalogue.of(Language.RU).day(at))
                .isEqualTo("Беларусь · 13 декабря 2025");
        assertThat(Catalogue.of(Language.UK).country("UA") + " · " + Catalogue.of(Language.UK).day(at))
                .isEqualTo("Україна · 13 грудня 2025");
        assertThat(Catalogue.of(Language.BE).country("XK1")).as("not a country code: as it is").isEqualTo("XK1");
    }

    @Test
    void aLanguageOutsideTheFourIsRefusedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> Language.fromTag("de")).hasMessage("\"de\" is not one of en, be, ru, uk");
        assertThat(Language.fromTag(" BE ")).isEqualTo(Language.BE);
    }

    private static Set<String> arguments(String pattern) {
        return new TreeSet<>(new MessageFormat(pattern).getArgumentNames());
    }
}
