package org.releasewatch.model;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class AlertRuleTest {

    @Test
    void theConstantForAnnotationsNamesEveryRuleInOrder() {
        String[] names = Arrays.stream(AlertRule.values()).map(Enum::name).toArray(String[]::new);
        String expected = String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or " + names[names.length - 1];
        assertThat(AlertRule.NAMED).isEqualTo(expected);
    }

    @Test
    void listedNamesEveryRuleAsAnErrorDoes() {
        assertThat(AlertRule.listed()).startsWith("WATCHLIST_RELEASE, MASS_RELEASE, SANCTIONS_CHANGE, LINKED_RELIEF")
                .isEqualTo(String.join(", ", Arrays.stream(AlertRule.values()).map(Enum::name).toList()));
    }

    @Test
    void everyRuleHasADescription() {
        assertThat(AlertRule.values()).allSatisfy(rule -> assertThat(rule.description()).endsWith("."));
    }
}
