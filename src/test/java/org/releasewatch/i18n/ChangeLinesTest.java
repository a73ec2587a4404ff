package org.releasewatch.i18n;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasewatch.testing.Fast;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change lines of updates and cancels, said again in the reader's language: each form the rules write (in
 * English, on the alerts topic) against hand-written Belarusian, Russian and Ukrainian, with their plural forms; the
 * English catalogue gives each form back unchanged; a line of another shape stays English.
 * {@code RulesAgainstReferenceModelTest} checks that every change line the rules write is a recognised form.
 */
@Fast
class ChangeLinesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10 releases, was 1                                                | 10 вызваленняў, было 1
            123 releases linked when the window closed, was 100               | 123 вызваленні на закрыцці акна, было 100
            1 release, was 2: reported again                                  | 1 вызваленне, было 2: паведамлена зноў
            100 people released, was 10                                       | вызвалена: 100 чалавек, было 10
            9 people released, below the threshold of 10: report withdrawn by its source (duplicate) | вызвалена: 9 чалавек, ніжэй за парог 10: паведамленне адклікана крыніцай (duplicate)
            22 people released, the threshold of 10 reached again            | вызвалена: 22 чалавекі, парог 10 дасягнуты зноў
            123 people released in Belarus on 13 Dec 2025 — final count      | вызвалена (Беларусь) 13 снежня 2025: 123 чалавекі — канчатковая колькасць
            confirmed by a second source (RFE/RL)                             | пацверджана другой крыніцай (RFE/RL)
            confirmed by a second source                                      | пацверджана другой крыніцай
            reported again (Viasna)                                           | паведамлена зноў (Viasna)
            report withdrawn by its source                                    | паведамленне адклікана крыніцай
            2 releases, was 3: report withdrawn by its source (back on the roster viasna) | 2 вызваленні, было 3: паведамленне адклікана крыніцай (back on the roster viasna)
            """)
    void belarusian(String english, String belarusian) {
        assertThat(ChangeLines.say(english, Catalogue.of(Language.BE))).isEqualTo(belarusian);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            21 releases, was 1                  | 21 освобождение, было 1 | 21 звільнення, було 1
            5 people released, was 2            | освобождено: 5 человек, было 2 | звільнено: 5 людей, було 2
            2 people released, was 1            | освобождено: 2 человека, було 1 | звільнено: 2 людини, було 1
            report withdrawn by its source (x)  | сообщение отозвано источником (x) | повідомлення відкликано джерелом (x)
            """)
    void russianAndUkrainian(String english, String russian, String ukrainian) {
        assertThat(ChangeLines.say(english, Catalogue.of(Language.RU))).isEqualTo(russian.replace("було", "было"));
        assertThat(ChangeLines.say(english, Catalogue.of(Language.UK))).isEqualTo(ukrainian);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 releases, was 1", "1 release, was 2", "123 releases linked when the window closed, was 100",
            "1 release, was 2: reported again", "1 person released, was 0", "1234 people released, was 100",
            "9 people released, below the threshold of 10", "100 people released, the threshold of 100 reached again",
            "123 people released in Belarus on 13 Dec 2025 — final count", "confirmed by a second source (RFE/RL)",
            "confirmed by a second source", "reported again", "reported again (OFAC)", "report withdrawn by its source",
            "report withdrawn by its source (a note)", "9 people released, below the threshold of 10: report withdrawn by its source"})
    void theEnglishCatalogueSaysEveryFormAsTheRulesWroteIt(String line) {
        assertThat(ChangeLines.recognised(line)).isTrue();
        assertThat(ChangeLines.sayIn(line, Catalogue.of(Language.EN))).isEqualTo(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"something new the rules may say one day", "10 releases, was 1 and a half", "123 releases linked when the wi…"})
    void aLineOfAnotherShapeStaysEnglish(String line) {
        assertThat(ChangeLines.recognised(line)).isFalse();
        assertThat(ChangeLines.say(line, Catalogue.of(Language.BE))).isEqualTo(line);
    }
}
