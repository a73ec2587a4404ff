package org.releasewatch.sources;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up checks of the list configuration: a bad list stops the service with a message naming it and the field. */
@Fast
class SanctionsSourcesConfigTest {

    @Test
    void badListsAreNamedWithTheirField() {
        SourcesConfig settings = SourcesConfig.defaults();
        assertThatThrownBy(() -> SanctionsSources.validate(List.of(
                new SanctionsListConfig("ofsi-csv", "https://x", Duration.ofHours(1), null)), List.of(), settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("list 'ofsi-csv'): format \"ofsi-csv\" is not one of [ofac-sdn-xml, eu-fsf-xml, un-sc-xml, uk-ofsi-xml]");
        assertThatThrownBy(() -> SanctionsSources.validate(List.of(
                new SanctionsListConfig("un-sc-xml", "ftp://x", Duration.ofHours(1), null)), List.of(), settings))
                .hasMessageContaining("list 'un-sc-xml'): url must be an http or https URL");
        assertThatThrownBy(() -> SanctionsSources.validate(List.of(
                new SanctionsListConfig("un-sc-xml", "https://a", Duration.ofHours(1), null),
                new SanctionsListConfig("un-sc-xml", "https://b", Duration.ofHours(1), null)), List.of(), settings))
                .hasMessageContaining("two lists have the id 'un-sc-xml'; give each list of the same format its own id");
        assertThatThrownBy(() -> SanctionsSources.validate(List.of(
                new SanctionsListConfig("un-sc-xml", "http://scsanctions.un.org/consolidated.xml", Duration.ofHours(1), null)), List.of(), settings))
                .hasMessageContaining("list 'un-sc-xml'): url is http://, which anyone on the way can read and change; "
                        + "use https:// or set allow-http: true for this list");
        SanctionsSources.validate(List.of(new SanctionsListConfig("un-sc-xml", "http://scsanctions.un.org/consolidated.xml",
                Duration.ofHours(1), null, null, true)), List.of(), settings);
        assertThatThrownBy(() -> SanctionsSources.validate(List.of(new SanctionsListConfig("eu-fsf-xml", "https://x/l?token=T",
                Duration.ofHours(1), null, "https://user:pw@x/l", false)), List.of(), settings))
                .hasMessageContaining("list 'eu-fsf-xml'): public-url must not carry user information");
        assertThatThrownBy(() -> SanctionsSources.validate(List.of(), List.of(), new SourcesConfig(1.5, Duration.ofMinutes(2), 1, 1)))
                .hasMessageContaining("releasewatch.sources.max-shrink: 1.5 is not a fraction between 0 and 1");
    }
}
