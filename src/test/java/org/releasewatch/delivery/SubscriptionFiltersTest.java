package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Fast;

import java.net.URI;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Subscription#wants} never throws, and lets through what a newer version may write. */
@Fast
class SubscriptionFiltersTest {

    private static Subscription subscription(Set<AlertRule> rules, Set<String> countries, Severity min) {
        return new Subscription(0, URI.create("https://hooks.example.org/rw"), new byte[32], rules, countries, min);
    }

    @Test
    void anAlertWithoutRuleSeverityOrCountryNeverThrows() {
        Alert bare = new Alert(Alert.SCHEMA, "a", null, null, null, null, null, null, null, null);
        assertThat(subscription(Set.of(), Set.of(), Severity.WARNING).wants(bare)).isTrue();
        assertThat(subscription(Set.of(AlertRule.MASS_RELEASE), Set.of(), Severity.INFO).wants(bare)).isFalse();
        assertThat(subscription(Set.of(), Set.of("BY"), Severity.INFO).wants(bare)).isFalse();
        assertThat(subscription(Set.of(), Set.of(), Severity.INFO).wants((Alert) null)).isFalse();
    }

    @Test
    void anUnknownRuleIsWantedUnlessRulesAreNamedAndAnUnknownSeverityPassesTheMinimum() {
        Subscription all = subscription(Set.of(), Set.of(), Severity.CRITICAL);
        assertThat(all.wants("BORDER_CROSSING", "emergency", "BY")).isTrue();
        assertThat(all.wants("BORDER_CROSSING", null, "BY")).isTrue();
        assertThat(subscription(Set.of(AlertRule.MASS_RELEASE), Set.of(), Severity.INFO)
                .wants("BORDER_CROSSING", "critical", "BY")).isFalse();
    }

    @Test
    void knownValuesAreFilteredAsBefore() {
        Subscription s = subscription(Set.of(AlertRule.MASS_RELEASE), Set.of("BY"), Severity.WARNING);
        assertThat(s.wants("MASS_RELEASE", "warning", "BY")).isTrue();
        assertThat(s.wants("MASS_RELEASE", "info", "BY")).isFalse();
        assertThat(s.wants("MASS_RELEASE", "critical", "LT")).isFalse();
        assertThat(s.wants("LINKED_RELIEF", "critical", "BY")).isFalse();
    }
}
