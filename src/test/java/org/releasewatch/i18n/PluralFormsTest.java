package org.releasewatch.i18n;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A page phrase with a plural becomes the whole sentence once per CLDR category of the language, {@code #} as the
 * plural's argument, text around the plural and other arguments kept; a phrase without a plural is left alone.
 */
@Fast
class PluralFormsTest {

    @Test
    void belarusianSummaryHasOneSentencePerCldrCategoryWithTheNumberAsItsArgument() {
        PluralForms forms = PluralForms.of(Catalogue.of(Language.BE).patterns("page.").get("page.country.summary"),
                Catalogue.of(Language.BE));
        assertThat(forms.plural()).isEqualTo("total");
        assertThat(forms.forms()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "one", "{code}: {total} вызваленне за апошнія {days} дзён",
                "few", "{code}: {total} вызваленні за апошнія {days} дзён",
                "many", "{code}: {total} вызваленняў за апошнія {days} дзён",
                "other", "{code}: {total} вызвалення за апошнія {days} дзён"));
    }

    @Test
    void englishHasOneAndOtherAndAMissingCategoryFallsBackToOther() {
        PluralForms english = PluralForms.of("{n, plural, one{# person} other{# people}} from {code}.", Catalogue.of(Language.EN));
        assertThat(english.forms()).containsExactly(Map.entry("one", "{n} person from {code}."),
                Map.entry("other", "{n} people from {code}."));
        PluralForms russian = PluralForms.of("{n, plural, one{# человек} other{# человека}}", Catalogue.of(Language.RU));
        assertThat(russian.forms()).containsEntry("few", "{n} человека").containsEntry("many", "{n} человека")
                .containsEntry("one", "{n} человек");
    }

    @Test
    void nestedArgumentsAndQuotesInABranchAreKeptAsText() {
        PluralForms forms = PluralForms.of("{n, plural, one{# report from {source}''s site} other{# reports}}", Catalogue.of(Language.EN));
        assertThat(forms.forms().get("one")).isEqualTo("{n} report from {source}'s site");
    }

    @Test
    void aPhraseWithoutAPluralIsNotOneAndAnExplicitValueIsRefused() {
        assertThat(PluralForms.of("{matches} matching, {shown} shown", Catalogue.of(Language.EN))).isNull();
        assertThatThrownBy(() -> PluralForms.of("{n, plural, =0{none} other{# people}}", Catalogue.of(Language.EN)))
                .hasMessageContaining("CLDR categories only");
    }
}
