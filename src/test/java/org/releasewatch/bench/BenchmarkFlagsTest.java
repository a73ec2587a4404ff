package org.releasewatch.bench;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class BenchmarkFlagsTest {

    private static final List<String> DEFAULTS = List.of("-Xms64m", "-Xmx96m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    @Test
    void theUsersFlagsComeAfterTheDefaults() {
        assertThat(Benchmark.jvmFlags(DEFAULTS, List.of("-Xmx128m", "-Xlog:gc")))
                .containsExactly("-Xms64m", "-Xmx96m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xmx128m", "-Xlog:gc");
    }

    @Test
    void aCollectorOfTheUsersReplacesTheDefaultOne() {
        // the JVM refuses to start with two collectors
        assertThat(Benchmark.jvmFlags(DEFAULTS, List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20")))
                .containsExactly("-Xms64m", "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20");
        assertThat(Benchmark.jvmFlags(DEFAULTS, List.of("-XX:+UseParallelGC"))).doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void noFlagsLeaveTheDefaults() {
        assertThat(Benchmark.jvmFlags(DEFAULTS, List.of())).isEqualTo(DEFAULTS);
    }
}
