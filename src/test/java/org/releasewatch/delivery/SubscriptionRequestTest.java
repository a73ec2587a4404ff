package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a subscription's body is bound: a field left out, set to null (a merge patch's removal), set, or unknown. */
@Fast
class SubscriptionRequestTest {

    @Test
    void aFieldLeftOutIsNoSettingAndANullOneIsCleared() {
        SubscriptionRequest r = Json.read("{\"url\": null, \"rules\": [\"MASS_RELEASE\"], \"countries\": \"BY\"}",
                SubscriptionRequest.class);
        assertThat(r.url()).isSameAs(SubscriptionRequest.Setting.CLEARED);
        assertThat(r.url().cleared()).isTrue();
        assertThat(r.description()).as("left out").isNull();
        assertThat(r.rules().raw()).isEqualTo(List.of("MASS_RELEASE"));
        assertThat(r.countries().raw()).isEqualTo("BY");
        assertThat(r.given()).containsOnlyKeys("url", "rules", "countries");
    }

    @Test
    void anUnknownFieldIsKeptToBeNamedAndAWrongTypeIsRefused() {
        assertThat(Json.read("{\"countrys\": [\"BY\"]}", SubscriptionRequest.class).others()).containsOnlyKeys("countrys");
        assertThatThrownBy(() -> Json.read("{\"url\": 5}", SubscriptionRequest.class)).hasStackTraceContaining("must be a string");
        assertThatThrownBy(() -> Json.read("{\"rules\": [5]}", SubscriptionRequest.class))
                .hasStackTraceContaining("must be a list of strings");
    }
}
