package org.releasewatch.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Evidence;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Severity;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code messages: first} (contract v1.2): a subscription that asks for it gets each thread's first message and
 * none of its updates or cancels, which are counted; the default {@code all} gets every message; a bad value is
 * refused naming the field.
 */
@Fast
class MessagesFirstTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static Alert first() {
        return new Alert(Alert.SCHEMA, "3e6fe930-6ba5-5633-bee9-0dab34fdd181", AlertRule.MASS_RELEASE, Severity.WARNING,
                "BY", "10 people released in Belarus on 13 Dec 2025", Instant.parse("2025-12-13T08:18:00Z"),
                Instant.parse("2025-12-13T08:18:01Z"), new Evidence(List.of("e1"), List.of()), Json.MAPPER.createObjectNode());
    }

    private static Subscription subscription(String messages) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("url", "https://hooks.example.org/rw");
        raw.put("secret", SECRET);
        if (messages != null) {
            raw.put("messages", messages);
        }
        return WebhookSettings.parse(0, raw, TargetPolicy.permissive());
    }

    private static AlertFields view(Alert alert) {
        return AlertFields.of(Json.bytes(alert));
    }

    @Test
    void firstOnlyLetsEachThreadsFirstMessageThroughAndCountsTheUpdatesAndCancelsLeftOut() {
        Alert first = first();
        Alert update = first.inThread(MsgType.UPDATE, MessageIds.of(first.id(), "threshold:100"), first.id(),
                List.of(first.id()), "100 releases, was 10");
        Alert cancel = first.inThread(MsgType.CANCEL, MessageIds.of(first.id(), "retracted:e1"), first.id(),
                List.of(first.id(), update.id()), "report withdrawn by its source");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WebhookMetrics metrics = new WebhookMetrics(registry);

        Subscription firstOnly = subscription("first");
        assertThat(firstOnly.messages()).isEqualTo(Messages.FIRST);
        AlertAdmission admission = new AlertAdmission(firstOnly, SubscriptionContext.standalone(), metrics);
        assertThat(List.of(first, update, cancel)).extracting(a -> admission.admits(view(a), Json.bytes(a)))
                .containsExactly(true, false, false);
        assertThat(registry.get("releasewatch.webhook.skipped").tag("subscription", firstOnly.id()).counter().count())
                .isEqualTo(2.0);

        Subscription all = subscription(null);
        assertThat(all.messages()).isEqualTo(Messages.ALL);
        AlertAdmission every = new AlertAdmission(all, SubscriptionContext.standalone(), metrics);
        assertThat(List.of(first, update, cancel)).extracting(a -> every.admits(view(a), Json.bytes(a)))
                .containsExactly(true, true, true);
        assertThat(subscription("ALL").messages()).isEqualTo(Messages.ALL);
    }

    @Test
    void aBadValueIsRefusedNamingTheField() {
        assertThatThrownBy(() -> subscription("latest"))
                .hasMessage("releasewatch.webhooks.subscriptions[0].messages: \"latest\" is not one of all, first");
    }
}
