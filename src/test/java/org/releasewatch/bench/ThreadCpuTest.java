package org.releasewatch.bench;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class ThreadCpuTest {

    @Test
    void threadsOfOneKindAreCountedTogether() {
        assertThat(ThreadCpu.group("data-plane-kafk")).isEqualTo("data-plane-kafk");
        assertThat(ThreadCpu.group("pool-3-thread-12")).isEqualTo("pool-N-thread-N");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("CN CompilerThre");
        assertThat(ThreadCpu.group("bench-e3ef4a2b-")).as("the stream thread, cut at 15 characters").isEqualTo("bench-ID");
    }

    @Test
    void aThreadThatWorkedHasItsShareOfACore() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        ThreadCpu before = ThreadCpu.of(pid);
        CountDownLatch worked = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        // 100 ms of CPU: ten of Linux's ticks
        Thread busy = CpuBurner.start("cpu-burner", 100_000_000L, () -> {
            worked.countDown();
            try {
                measured.await(); // a thread that has ended is no longer under /proc: measured while it lives
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worked.await();
        Map<String, Double> share = ThreadCpu.of(pid).percentSince(before);
        measured.countDown();
        busy.join();
        assertThat(share).containsKey("cpu-burner");
        assertThat(share.get("cpu-burner")).isPositive();
        assertThat(share.get("total")).isGreaterThanOrEqualTo(share.get("cpu-burner"));
        assertThat(share.keySet()).first().isEqualTo("total");
        assertThat(share.keySet()).last().isEqualTo("other");
    }

    @Test
    void aPhasesCostPerEventCountsThreadsThatEndedWithinIt() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        ThreadCpu before = ThreadCpu.of(pid);
        CpuBurner.burnAndEnd("short-lived", 200_000_000L);

        ThreadCpu after = ThreadCpu.of(pid);
        Map<String, Double> perThousand = after.secondsPerThousandEventsSince(before, 1000);

        assertThat(perThousand).doesNotContainKey("short-lived");
        assertThat(after.processSecondsSince(before)).as("the process's own count keeps it").isGreaterThanOrEqualTo(0.15);
        assertThat(perThousand.get("total")).isGreaterThanOrEqualTo(0.15);
        assertThat(perThousand.get("other")).as("what no living thread accounts for").isGreaterThanOrEqualTo(0.1);
    }
}
