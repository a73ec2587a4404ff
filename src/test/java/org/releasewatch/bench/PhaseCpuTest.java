package org.releasewatch.bench;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Fast
class PhaseCpuTest {

    @Test
    void aPhaseGivesEachProcessItsCpuPerThousandEventsAndTheMachinesBusyShare() throws InterruptedException {
        PhaseCpu cpu = PhaseCpu.start(Map.of("bench", ProcessHandle.current().pid()));
        long start = System.nanoTime();
        CpuBurner.burnAndEnd("phase-worker", 600_000_000L);
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> result = new HashMap<>();
        cpu.end("test", 2_000, seconds, result);

        @SuppressWarnings("unchecked")
        Map<String, Object> perProcess = (Map<String, Object>) result.get("cpu_s_per_1000_events_test");
        @SuppressWarnings("unchecked")
        Map<String, Double> bench = (Map<String, Double>) perProcess.get("bench");
        assertThat(bench.get("total")).as("0.6 s over 2 000 events, the thread that ended included").isGreaterThanOrEqualTo(0.27);
        assertThat((Double) perProcess.get("all")).isCloseTo(bench.get("total"), within(0.001));
        double busyPct = (Double) result.get("machine_busy_pct_test");
        assertThat(busyPct).isPositive()
                .isLessThanOrEqualTo(100.0 * 1.05); // one process cannot use more than every core (ticks round up a little)
    }
}
