package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Evidence;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasewatch.rules.RulesDriver.release;
import static org.releasewatch.rules.RulesDriver.sanction;

@Fast
class LinkedReliefRuleTest {

    private static final String DEAL = "us-by-2025-12-13";
    private static final Source VIASNA = new Source("Viasna", "https://spring96.org");

    private static List<Alert> linked(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF).toList();
    }

    @Test
    void aReliefAfterReleasesLinksToThemAtOnce() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p-1", "LT", DEAL, VIASNA))
                    .release(release("r-2", "2025-12-13T08:02:00Z", "BY", "p-2", "UA", DEAL, VIASNA))
                    .sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            List<Alert> alerts = linked(rules.alerts());
            assertThat(alerts).hasSize(1);
            Alert a = alerts.get(0);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.details().get("releaseCount").asInt()).isEqualTo(2);
            assertThat(a.details().get("confidence").asText()).isEqualTo("high");
            assertThat(a.details().get("agreement").asText()).isEqualTo(DEAL);
            assertThat(a.details().get("sanction").toString()).isEqualTo("{\"eventId\":\"ofac-1\",\"issuer\":\"US\","
                    + "\"action\":\"LIFTED\",\"target\":{\"id\":\"ofac:belaruskali\",\"name\":\"Belaruskali\",\"kind\":"
                    + "\"company\"},\"sector\":\"potash\"}");
            assertThat(a.title()).isEqualTo("US lifted sanctions on Belaruskali, linked to 2 releases from Belarus");
            assertThat(a.occurredAt()).isEqualTo(Instant.parse("2025-12-13T15:00:00Z"));
            assertThat(a.evidence().eventIds()).containsExactly("ofac-1", "r-1", "r-2");
        }
    }

    @Test
    void aReliefBeforeAnyReleaseFiresWhenTheFirstReleaseArrives() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            assertThat(linked(rules.alerts())).isEmpty();

            rules.release(release("r-1", "2025-12-18T08:00:00Z", "BY", "p-1", "LT", null, VIASNA));
            List<Alert> alerts = linked(rules.alerts());
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).details().get("releaseCount").asInt()).isEqualTo(1);
            assertThat(alerts.get(0).details().get("confidence").asText()).isEqualTo("medium");
            assertThat(alerts.get(0).details().get("agreement").isNull()).isTrue();
            assertThat(alerts.get(0).occurredAt()).as("the release completed it").isEqualTo(Instant.parse("2025-12-18T08:00:00Z"));

            rules.release(release("r-2", "2025-12-18T09:00:00Z", "BY", "p-2", "LT", DEAL, VIASNA));
            assertThat(linked(rules.alerts())).as("one alert per relief").isEmpty();
        }
    }

    @Test
    void aReliefWithNoReleaseInRangeRaisesOnlySanctionsChange() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-old", "2025-12-01T08:00:00Z", "BY", "p-1", "LT", DEAL, VIASNA))
                    .release(release("r-elsewhere", "2025-12-13T08:00:00Z", "VE", "p-2", null, DEAL, VIASNA))
                    .sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            assertThat(rules.alerts()).extracting(Alert::rule).containsExactly(AlertRule.SANCTIONS_CHANGE);
        }
    }

    @Test
    void aReleaseJustInsideTheLinkWindowLinksAndJustOutsideDoesNot() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.EASED, DEAL))
                    .release(release("r-out", "2025-12-20T15:00:00.001Z", "BY", "p-1", "LT", DEAL, VIASNA));
            assertThat(linked(rules.alerts())).isEmpty();
            rules.release(release("r-in", "2025-12-20T15:00:00Z", "BY", "p-2", "LT", DEAL, VIASNA));
            assertThat(linked(rules.alerts())).hasSize(1);
        }
    }

    @Test
    void imposedSanctionsNeverLink() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p-1", "LT", DEAL, VIASNA))
                    .sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.IMPOSED, DEAL));
            assertThat(linked(rules.alerts())).isEmpty();
        }
    }

    @Test
    void aRedeliveredReleaseCountsOncePerPerson() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p-1", "LT", null, VIASNA))
                    .release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p-1", "LT", null, VIASNA))
                    .release(release("r-1-other-source", "2025-12-13T08:05:00Z", "BY", "p-1", "LT", null, VIASNA))
                    .sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            assertThat(linked(rules.alerts()).get(0).details().get("releaseCount").asInt()).isEqualTo(1);
        }
    }

    @Test
    void onlyAWaitingReliefIsLookedUpByLaterReleasesAndItLeavesTheWaitingListWhenItFires() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p-1", "LT", null, VIASNA))
                    .sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            assertThat(linked(rules.alerts())).hasSize(1);
            assertThat(rules.pendingReliefs()).as("fired at once: never waiting").isEmpty();

            // out of range of r-1 (its window ended 12 Dec 15:00), but not later than the grace
            rules.sanction(sanction("ofac-2", "2025-12-05T15:00:00Z", SanctionAction.EASED, DEAL));
            assertThat(linked(rules.alerts())).isEmpty();
            assertThat(rules.pendingReliefs()).hasSize(1);

            rules.sanction(sanction("ofac-2", "2025-12-05T15:00:00Z", SanctionAction.EASED, DEAL)); // redelivered
            assertThat(rules.pendingReliefs()).as("waiting once").hasSize(1);

            rules.release(release("r-2", "2025-12-07T08:00:00Z", "BY", "p-2", "UA", DEAL, VIASNA));
            List<Alert> alerts = linked(rules.alerts());
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).evidence().eventIds()).containsExactly("ofac-2", "r-2");
            assertThat(alerts.get(0).details().get("confidence").asText()).isEqualTo("high");
            assertThat(rules.pendingReliefs()).as("fired: no longer waiting").isEmpty();

            rules.release(release("r-3", "2025-12-06T08:00:00Z", "BY", "p-3", "UA", DEAL, VIASNA));
            assertThat(linked(rules.alerts())).as("one alert per relief").isEmpty();
        }
    }

    @Test
    void aReliefWaitingForItsReleasesOutlastsReliefsWeeksNewer() {
        try (RulesDriver rules = new RulesDriver()) {
            // a backfill: the sanctions topic is read weeks ahead of the releases
            rules.sanction(sanction("ofac-old", "2025-11-10T15:00:00Z", SanctionAction.LIFTED, DEAL))
                    .sanction(sanction("ofac-new", "2025-12-20T15:00:00Z", SanctionAction.EASED, null));
            assertThat(rules.pendingReliefs()).containsExactlyInAnyOrder("ofac-old", "ofac-new");

            rules.release(release("r-1", "2025-11-12T08:00:00Z", "BY", "p-1", "LT", DEAL, VIASNA));
            List<Alert> alerts = linked(rules.alerts());
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).evidence().eventIds()).containsExactly("ofac-old", "r-1");
            assertThat(rules.pendingReliefs()).containsExactly("ofac-new");
        }
    }

    @Test
    void aWaitingReliefLeavesOnceTheReleasesArePastItsLinkWindowAndGrace() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-01T15:00:00Z", SanctionAction.LIFTED, DEAL))
                    .release(release("r-1", "2025-12-10T08:00:00Z", "BY", "p-1", "LT", null, VIASNA));
            assertThat(rules.pendingReliefs()).as("9 days on: out of range, but a release within the grace could still link")
                    .containsExactly("ofac-1");

            rules.release(release("r-2", "2025-12-10T16:00:00Z", "BY", "p-2", "LT", null, VIASNA)).purge();
            assertThat(rules.pendingReliefs()).as("past 1 Dec 15:00 + 7 days + 48 h").isEmpty();
            assertThat(linked(rules.alerts())).isEmpty();
        }
    }

    @Test
    void aReliefLinkedToMoreReleasesThanTheEvidenceHoldsListsItsAgreementFirstAndCountsTheRest() {
        try (RulesDriver rules = new RulesDriver()) {
            Instant start = Instant.parse("2025-12-13T00:00:00Z");
            for (int i = 0; i < 1200; i++) {
                boolean ofDeal = i >= 1195;
                rules.release(release(String.format("r-%04d", i), start.plusSeconds(30L * i).toString(), "BY", "p-" + i, "UA",
                        ofDeal ? DEAL : null, new Source("Viasna", "https://spring96.org/" + (i % 150))));
            }
            rules.alerts();
            rules.sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            Alert alert = linked(rules.alerts()).get(0);
            assertThat(alert.details().get("releaseCount").asInt()).as("every release counts").isEqualTo(1200);
            assertThat(alert.details().get("confidence").asText()).isEqualTo("high");
            assertThat(alert.evidence().eventIds()).hasSize(Evidence.MAX_EVENT_IDS)
                    .startsWith("ofac-1", "r-1195", "r-1196", "r-1197", "r-1198", "r-1199", "r-0000");
            assertThat(alert.evidence().eventIdsOmitted()).isEqualTo(1201 - Evidence.MAX_EVENT_IDS);
            assertThat(alert.evidence().sources()).hasSize(Evidence.MAX_SOURCES);
            assertThat(alert.evidence().sourcesOmitted()).as("151 distinct: OFAC and 150 Viasna pages").isEqualTo(151 - Evidence.MAX_SOURCES);
            assertThat(org.releasewatch.json.Json.bytes(alert).length).as("bytes on the topic").isLessThan(64 * 1024);
        }
    }

    @Test
    void evidenceWithinTheLimitsSaysNothingWasLeftOut() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p-1", "LT", DEAL, VIASNA))
                    .sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            Alert alert = linked(rules.alerts()).get(0);
            assertThat(alert.evidence().eventIdsOmitted()).isNull();
            assertThat(alert.evidence().sourcesOmitted()).isNull();
            assertThat(org.releasewatch.json.Json.string(alert.evidence())).doesNotContain("Omitted");
        }
    }

    @Test
    void aReliefLaterThanTheGraceIsNeitherLinkedNorKeptWaitingForever() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-01T08:00:00Z", "BY", "p-1", "LT", null, VIASNA))
                    .release(release("r-2", "2025-12-20T08:00:00Z", "BY", "p-2", "LT", null, VIASNA));
            // its link window ended 8 Dec 15:00, far more than 48 h before the releases' 20 December
            rules.sanction(sanction("ofac-1", "2025-12-01T15:00:00Z", SanctionAction.LIFTED, DEAL)).purge();
            assertThat(linked(rules.alerts())).isEmpty();
            assertThat(rules.pendingReliefs()).as("no further release will ever purge it").isEmpty();
        }
    }

    @Test
    void aWaitingReliefIsPurgedByTheClockAfterARestartWithoutAnotherRelease() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-01T15:00:00Z", SanctionAction.LIFTED, DEAL))
                    .release(release("r-1", "2025-12-11T08:00:00Z", "BY", "p-1", "LT", null, VIASNA));
            assertThat(rules.pendingReliefs()).as("not purged yet").containsExactly("ofac-1");
            rules.restart().purge();
            assertThat(rules.pendingReliefs()).isEmpty();
        }
    }

    @Test
    void twoReportsOfOneMeasureWaitEachWithItsOwnTimeAndTheOneInRangeFires() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-0", "2025-12-20T09:00:00Z", "BY", "p-0", "LT", null, VIASNA))
                    .sanction(sanction("ofac-a", "2025-12-13T00:30:00Z", SanctionAction.LIFTED, DEAL))
                    .sanction(sanction("ofac-b", "2025-12-13T23:30:00Z", SanctionAction.LIFTED, DEAL));
            assertThat(linked(rules.alerts())).as("20 Dec 09:00 is within 7 days of b (13 Dec 23:30), not of a (00:30)")
                    .singleElement().satisfies(a -> assertThat(a.evidence().eventIds()).containsExactly("ofac-b", "r-0"));
            assertThat(rules.pendingReliefs()).as("the measure has its alert: no one waits for it").isEmpty();
        }
    }

    @Test
    void aReliefWaitingWhenTheTaskRestartsFiresForTheFirstReleaseAfterIt() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-13T10:00:00Z", SanctionAction.LIFTED, DEAL)).restart()
                    .release(release("r-1", "2025-12-13T12:00:00Z", "BY", "p-1", "LT", null, VIASNA));
            assertThat(linked(rules.alerts())).singleElement()
                    .satisfies(a -> assertThat(a.evidence().eventIds()).containsExactly("ofac-1", "r-1"));
        }
    }

    @Test
    void aReliefWaitingAfterAnEarlierOneFiredStillFiresForItsRelease() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-01T10:00:00Z", SanctionAction.LIFTED, DEAL))
                    .release(release("r-1", "2025-12-01T12:00:00Z", "BY", "p-1", "LT", null, VIASNA))
                    .sanction(sanction("ofac-2", "2025-12-20T10:00:00Z", SanctionAction.EASED, null))
                    .release(release("r-2", "2025-12-20T12:00:00Z", "BY", "p-2", "LT", null, VIASNA));
            assertThat(linked(rules.alerts())).extracting(a -> a.evidence().eventIds())
                    .containsExactly(List.of("ofac-1", "r-1"), List.of("ofac-2", "r-2"));
        }
    }

    @Test
    void aReliefStillWaitingAfterTheClockPurgedAnOlderOneFiresForItsRelease() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-old", "2025-12-01T10:00:00Z", SanctionAction.LIFTED, DEAL))
                    .sanction(sanction("ofac-new", "2025-12-20T10:00:00Z", SanctionAction.EASED, null))
                    .release(release("r-1", "2025-12-11T12:00:00Z", "BY", "p-1", "LT", null, VIASNA)) // near neither
                    .purge();
            assertThat(rules.pendingReliefs()).as("the older one's wait is over").containsExactly("ofac-new");
            rules.release(release("r-2", "2025-12-20T12:00:00Z", "BY", "p-2", "LT", null, VIASNA));
            assertThat(linked(rules.alerts())).singleElement()
                    .satisfies(a -> assertThat(a.evidence().eventIds()).containsExactly("ofac-new", "r-2"));
        }
    }

    @Test
    void aReliefAnnouncedBeforeTheReleasesIsOneThreadFromOneTo123() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-13T07:00:00Z", SanctionAction.LIFTED, DEAL));
            org.releasewatch.demo.December13Story.releases().forEach(rules::release);
            List<Alert> thread = rules.alerts().stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF).toList();
            assertThat(thread).extracting(a -> a.details().get("releaseCount").asInt()).containsExactly(1, 10, 100);
            Alert first = thread.get(0);
            assertThat(first.msgType()).isNull();
            assertThat(thread.get(1).id()).isEqualTo(MessageIds.of(first.id(), "count:10"));
            assertThat(thread.get(1).references()).containsExactly(first.id());
            assertThat(thread.get(1).change()).isEqualTo("10 releases, was 1");
            assertThat(thread.get(2).references()).containsExactly(first.id(), thread.get(1).id());

            // the window closes (its end and the lateness behind Belarus's clock): the final count, once
            rules.release(release("later", "2025-12-22T16:00:00Z", "BY", "p-later", "LT")).restart()
                    .release(release("later-still", "2025-12-30T16:00:00Z", "BY", "p-later-still", "LT"));
            List<Alert> closing = rules.alerts().stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF).toList();
            assertThat(closing).hasSize(1);
            assertThat(closing.get(0).id()).isEqualTo(MessageIds.of(first.id(), "final"));
            assertThat(closing.get(0).details().get("releaseCount").asInt()).isEqualTo(123);
            assertThat(closing.get(0).references()).containsExactly(first.id(), thread.get(1).id(), thread.get(2).id());
            assertThat(closing.get(0).change()).isEqualTo("123 releases linked when the window closed, was 100");
        }
    }

    /**
     * Nine persons linked, one short of the first threshold: fifty more reports of those nine (a second source each
     * hour) move no count, so they neither rewrite the relief's state nor say anything; the tenth person then reaches
     * the threshold at once. Before, every such report met the bound {@code upper} at the threshold and rescanned the
     * relief's two weeks of releases to learn the count had not moved, and wrote that count back.
     */
    @Test
    void reportsOfPersonsAlreadyLinkedMoveNoCountAndWriteNothing() {
        Source memorial = new Source("Memorial", "https://memopzk.org");
        try (RulesDriver rules = new RulesDriver()) {
            for (int p = 1; p <= 9; p++) {
                rules.release(release("r-" + p, "2025-12-13T08:0" + p + ":00Z", "BY", "p-" + p, "LT", DEAL, VIASNA));
            }
            rules.sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, DEAL));
            assertThat(linked(rules.alerts())).singleElement()
                    .satisfies(a -> assertThat(a.details().get("releaseCount").asInt()).isEqualTo(9));
            rules.changelogRecords();

            for (int i = 0; i < 50; i++) {
                Instant at = Instant.parse("2025-12-13T16:00:00Z").plusSeconds(600L * i);
                rules.release(release("again-" + i, at.toString(), "BY", "p-" + (1 + i % 9), "LT", null, memorial));
            }
            assertThat(linked(rules.alerts())).as("no count moved").isEmpty();
            assertThat(rules.changelogRecords().getOrDefault("linked-relief-reliefs", 0))
                    .as("writes of the relief's state for reports of persons it links already").isZero();

            rules.release(release("r-10", "2025-12-14T08:00:00Z", "BY", "p-10", "LT", null, VIASNA));
            assertThat(linked(rules.alerts())).singleElement().satisfies(a -> {
                assertThat(a.details().get("releaseCount").asInt()).isEqualTo(10);
                assertThat(a.evidence().eventIds()).startsWith("ofac-1", "r-1");
            });
        }
    }
}
