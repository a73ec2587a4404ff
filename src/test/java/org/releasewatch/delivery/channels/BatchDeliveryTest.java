package org.releasewatch.delivery.channels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The burst of the 13 December story — 123 alerts within one 2-minute batch window — delivered the way the
 * worker would: each message holds as many alerts as the service's limits allow, an alert counts as delivered
 * only when the message holding it was accepted, and the rest is sent again. One 429 in the middle loses nothing.
 */
@Fast
class BatchDeliveryTest {

    @ParameterizedTest
    @EnumSource(value = ChannelFormat.class, names = {"SLACK", "DISCORD", "TEAMS", "TELEGRAM"})
    void aBurstOf123AlertsArrivesInFewValidMessagesEachAlertInExactlyOneAcceptedMessage(ChannelFormat format) {
        Instant t0 = Instant.parse("2025-12-13T08:00:00Z");
        Batch batch = new Batch(Duration.ofMinutes(2), 1000);
        List<Alert> burst = Fixtures.burst(123);
        for (int i = 0; i < burst.size(); i++) {
            batch.offer(burst.get(i), t0.plusMillis(900L * i)); // all within the window the first one opened
        }
        assertThat(batch.takeDue(t0.plusSeconds(119))).as("window still open").isEmpty();
        List<Alert> due = batch.takeDue(t0.plusSeconds(120));
        assertThat(due).hasSize(123);
        assertThat(due.get(0).severity()).isEqualTo(org.releasewatch.model.Severity.CRITICAL);

        try (FakeChatService service = new FakeChatService(format)) {
            SteppedClock clock = new SteppedClock(t0.plusSeconds(120));
            HttpChannelSender sender = new HttpChannelSender(Fixtures.http(), Fixtures.LINKS, new Pacer(clock), clock);
            ChannelTarget target = Fixtures.target(format, service.url(), Set.of(), Duration.ofMinutes(2));
            List<Alert> pending = new ArrayList<>(due);
            Set<String> acknowledged = new LinkedHashSet<>();
            int sends = 0;
            while (!pending.isEmpty() && sends++ < 100) {
                if (sends == 2) {
                    service.rateLimitNext();
                }
                Delivery d = sender.send(pending, target);
                if (d instanceof Delivery.Accepted a) {
                    assertThat(a.alertIds()).isNotEmpty();
                    assertThat(acknowledged).doesNotContainAnyElementsOf(a.alertIds());
                    acknowledged.addAll(a.alertIds());
                    pending.removeIf(x -> a.alertIds().contains(x.id()));
                } else if (d instanceof Delivery.Paced p) {
                    clock.advance(p.after());
                } else if (d instanceof Delivery.RetryLater r) {
                    clock.advance(r.after().orElseThrow());
                } else {
                    throw new AssertionError(d);
                }
            }
            assertThat(acknowledged).hasSize(123).containsExactlyInAnyOrderElementsOf(burst.stream().map(Alert::id).toList());
            assertThat(service.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.body()).isEmpty());
            assertThat(service.requests()).filteredOn(r -> r.status() == 429).hasSize(1);
            List<FakeChatService.Request> accepted = service.accepted();
            // as many alerts per message as each service's limits allow: the number is fixed for each service
            assertThat(accepted.size()).as("messages").isEqualTo(switch (format) {
                case SLACK, TEAMS -> 4;
                case DISCORD -> 7;
                case TELEGRAM -> 7; // links to /alerts/{id}: shorter than /api/alerts/{id}
                default -> throw new AssertionError(format);
            });
            Map<String, Integer> seen = new HashMap<>();
            accepted.forEach(r -> r.alertIds().forEach(id -> seen.merge(id, 1, Integer::sum)));
            assertThat(seen).as("every alert id in exactly one accepted message").hasSize(123).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(accepted.get(0).body()).contains("123 releasewatch alerts").contains("more in the next message");
        }
    }
}
