package org.releasewatch.delivery.channels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Fast;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each chat sender against a real loopback server that checks requests the way the service documents them: every
 * rule's alert is accepted as valid, and a 429 with the service's own hint (Slack's and Teams' {@code Retry-After},
 * Discord's float {@code retry_after}, Telegram's {@code parameters.retry_after}) is honoured — the sender reports
 * the hint, and no request reaches the service again before it has passed.
 */
@Fast
class ChatServicesTest {

    private static HttpChannelSender sender(Clock clock) {
        return new HttpChannelSender(Fixtures.http(), Fixtures.LINKS, new Pacer(clock), clock);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelFormat.class, names = {"SLACK", "DISCORD", "TEAMS", "TELEGRAM"})
    void everyRulesAlertIsAValidMessageForTheService(ChannelFormat format) {
        try (FakeChatService service = new FakeChatService(format)) {
            SteppedClock clock = new SteppedClock(java.time.Instant.parse("2025-12-13T16:00:00Z"));
            HttpChannelSender sender = sender(clock);
            ChannelTarget target = Fixtures.target(format, service.url());
            for (Alert alert : Fixtures.onePerRule().values()) {
                clock.advance(Duration.ofSeconds(5)); // past every per-target rate
                Delivery delivery = sender.send(List.of(alert), target);
                assertThat(delivery).as("%s %s", format, alert.rule()).isEqualTo(new Delivery.Accepted(List.of(alert.id())));
            }
            assertThat(service.requests()).hasSize(4).allSatisfy(r -> assertThat(r.problems()).isEmpty());
            assertThat(service.accepted()).extracting(FakeChatService.Request::alertIds)
                    .containsExactlyElementsOf(Fixtures.onePerRule().values().stream().map(a -> List.of(a.id())).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChannelFormat.class, names = {"SLACK", "DISCORD", "TEAMS", "TELEGRAM"})
    void a429sHintIsReportedAndNothingIsSentBeforeItHasPassed(ChannelFormat format) {
        try (FakeChatService service = new FakeChatService(format)) {
            HttpChannelSender sender = sender(Clock.systemUTC());
            ChannelTarget target = Fixtures.target(format, service.url());
            List<Alert> alert = List.of(Fixtures.onePerRule().values().iterator().next());
            service.rateLimitNext();

            Delivery first = sender.send(alert, target);
            assertThat(first).isInstanceOfSatisfying(Delivery.RetryLater.class, r -> {
                assertThat(r.after()).contains(Duration.ofMillis(service.hintMillis()));
                assertThat(r.reason()).startsWith("HTTP 429").doesNotContain("secret");
            });
            assertThat(sender.send(alert, target)).as("at once: paced, not sent").isInstanceOf(Delivery.Paced.class);
            assertThat(service.requests()).hasSize(1);

            AtomicReference<Delivery> last = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> last.updateAndGet(d -> sender.send(alert, target)) instanceof Delivery.Accepted);
            List<FakeChatService.Request> requests = service.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1).problems()).isEmpty();
            assertThat(Duration.ofNanos(requests.get(1).atNanos() - requests.get(0).atNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(service.hintMillis()));
        }
    }
}
