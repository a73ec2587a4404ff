package org.releasewatch.delivery.channels;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class BatchTest {

    private static final Instant T0 = Instant.parse("2025-12-13T08:00:00Z");

    @Test
    void theFirstAlertOpensTheWindowAndEverythingInItGoesOutMostSevereFirstThenByTime() {
        List<Alert> alerts = Fixtures.burst(6); // severities info, warning, critical, info, warning, critical
        Batch batch = new Batch(Duration.ofMinutes(2), 100);
        for (int i = 0; i < alerts.size(); i++) {
            batch.offer(alerts.get(i), T0.plusSeconds(10L * i));
        }
        batch.offer(alerts.get(0), T0.plusSeconds(70)); // the same alert again (a redelivery): once
        assertThat(batch.dueAt()).contains(T0.plusSeconds(120));
        assertThat(batch.takeDue(T0.plusSeconds(119))).isEmpty();
        List<Alert> due = batch.takeDue(T0.plusSeconds(120));
        assertThat(due).extracting(Alert::severity).containsExactly(Severity.CRITICAL, Severity.CRITICAL,
                Severity.WARNING, Severity.WARNING, Severity.INFO, Severity.INFO);
        assertThat(due).extracting(Alert::id).containsExactly(alerts.get(2).id(), alerts.get(5).id(),
                alerts.get(1).id(), alerts.get(4).id(), alerts.get(0).id(), alerts.get(3).id());
        assertThat(batch.pending()).isZero();
        assertThat(batch.dueAt()).isEmpty();
    }

    @Test
    void withoutAWindowEveryAlertIsDueAtOnceAndAFullWindowDoesNotWait() {
        Batch none = new Batch(Duration.ZERO, 100);
        none.offer(Fixtures.bialiatski(), T0);
        assertThat(none.takeDue(T0)).hasSize(1);

        Batch small = new Batch(Duration.ofMinutes(2), 3);
        Fixtures.burst(3).forEach(a -> small.offer(a, T0));
        assertThat(small.takeDue(T0)).as("bounded: 3 waiting is due").hasSize(3);
    }
}
