package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An upgrade from v0.1.0 without the reset: the state it left (the changelog of {@code mass-release-persons}) is on
 * the broker, and the service does not start on it — it would count the persons of the open days again — but says
 * which topic it found and what to do.
 */
class RetiredStoresStartupTest {

    @Test
    void theStateOfV010StopsTheStartNamingItsChangelogAndTheReset() {
        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> properties = TestService.properties(topics, TestService.tempDir());
        String applicationId = (String) properties.get("releasewatch.application-id");
        Topics.create(SharedBroker.bootstrapServers(), 3, applicationId + "-mass-release-persons-changelog");

        assertThatThrownBy(() -> TestService.start(properties).close())
                .rootCause()
                .hasMessageContaining(applicationId + "-mass-release-persons-changelog")
                .hasMessageContaining("docs/upgrades.md");
    }
}
