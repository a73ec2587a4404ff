package org.releasewatch.sources;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A roster configured wrong stops the service at start-up, naming the roster and the key. */
@Fast
class RosterConfigCheckTest {

    private static RosterConfig roster(String name, String format, Map<String, String> columns, String country,
                                       List<String> released, String delimiter, String encoding) {
        return new RosterConfig(name, "https://example.org/r", format, columns, country, released, Duration.ofHours(1),
                null, false, delimiter, encoding);
    }

    private static final Map<String, String> COLUMNS = Map.of("id", "id", "name", "ФИО");

    private static void check(RosterConfig r) {
        RosterConfigCheck.check(List.of(r), new HashSet<>());
    }

    @Test
    void eachMistakeIsNamedWithItsKey() {
        String at = "releasewatch.sources.prisoner-rosters[0] (roster 'viasna'): ";
        assertThatThrownBy(() -> check(roster(null, "csv", COLUMNS, null, List.of(), null, null)))
                .isInstanceOf(ConfigurationException.class).hasMessage("releasewatch.sources.prisoner-rosters[0]: name is required");
        assertThatThrownBy(() -> check(roster("viasna", "xlsx", COLUMNS, null, List.of(), null, null)))
                .hasMessage(at + "format \"xlsx\" is not one of [csv, json-lines]");
        assertThatThrownBy(() -> check(roster("viasna", "csv", Map.of("id", "id"), null, List.of(), null, null)))
                .hasMessage(at + "columns.name is required (the header holding each person's name)");
        assertThatThrownBy(() -> check(roster("viasna", "csv", Map.of("id", "id", "name", "n", "birth", "b"), null, List.of(), null, null)))
                .hasMessage(at + "columns.birth is not one of id, name, country, status");
        assertThatThrownBy(() -> check(roster("viasna", "csv", COLUMNS, "Belarus", List.of(), null, null)))
                .hasMessage(at + "country \"Belarus\" is not an ISO 3166-1 alpha-2 code");
        assertThatThrownBy(() -> check(roster("viasna", "csv", COLUMNS, null, List.of("released"), null, null)))
                .hasMessageStartingWith(at + "columns.status and released-statuses go together");
        assertThatThrownBy(() -> check(roster("viasna", "csv", COLUMNS, null, List.of(), "|", null)))
                .hasMessage(at + "delimiter \"|\" is not one of \",\", \";\", \"tab\"");
        assertThatThrownBy(() -> check(roster("viasna", "csv", COLUMNS, null, List.of(), null, "koi9")))
                .hasMessage(at + "encoding \"koi9\" is not an encoding this JVM knows");
        assertThatThrownBy(() -> check(roster("viasna", "json-lines", COLUMNS, null, List.of(), null, "windows-1251")))
                .hasMessage(at + "delimiter and encoding are for csv; JSON lines are UTF-8");
        assertThatThrownBy(() -> RosterConfigCheck.check(List.of(roster("viasna", "csv", COLUMNS, "by", List.of(), null, null)),
                new HashSet<>(Set.of("viasna"))))
                .hasMessage(at + "two lists have the name 'viasna'; give each roster a name no other list has");
        assertThatCode(() -> check(roster("viasna", "csv", Map.of("id", "id", "name", "n", "status", "s"), "by",
                List.of("вызвалены"), "tab", "windows-1251"))).doesNotThrowAnyException();
    }
}
