package org.releasewatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bulk phase cost in CPU, per process: seconds per 1 000 events (by kind of thread) and how busy the machine
 * was. On a full machine a phase's rate is the cores divided by its CPU per event, so comparing the pipeline's cost
 * per event with the baseline's, process by process, says which work stands between the pipeline and the baseline's
 * rate, and whether there was idle CPU left (then something waits instead: a commit, a round trip).
 */
final class PhaseCpu {

    private final Map<String, Long> pids;
    private final Map<String, ThreadCpu> before;

    private PhaseCpu(Map<String, Long> pids, Map<String, ThreadCpu> before) {
        this.pids = pids;
        this.before = before;
    }

    /** @param pids the processes to count, by the name the result gives them */
    static PhaseCpu start(Map<String, Long> pids) {
        Map<String, ThreadCpu> before = new TreeMap<>();
        pids.forEach((name, pid) -> before.put(name, ThreadCpu.of(pid)));
        return new PhaseCpu(new TreeMap<>(pids), before);
    }

    /**
     * Puts {@code cpu_s_per_1000_events_<phase>} (per process, by kind of thread) and {@code machine_busy_pct_<phase>}
     * (the processes' CPU over the cores' time) into {@code result}.
     */
    void end(String phase, long events, double seconds, Map<String, Object> result) {
        Map<String, Object> perProcess = new LinkedHashMap<>();
        double busy = 0;
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            ThreadCpu now = ThreadCpu.of(p.getValue());
            perProcess.put(p.getKey(), now.secondsPerThousandEventsSince(before.get(p.getKey()), events));
            busy += now.processSecondsSince(before.get(p.getKey()));
        }
        perProcess.put("all", Decimals.three(busy * 1000 / events));
        result.put("cpu_s_per_1000_events_" + phase, perProcess);
        result.put("machine_busy_pct_" + phase, Decimals.one(100 * busy / seconds / Runtime.getRuntime().availableProcessors()));
    }
}
