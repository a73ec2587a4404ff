package org.releasewatch.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.releasewatch.ingest.validation.EventValidator;
import org.releasewatch.ingest.validation.Validated;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The ingest's per-record hot path: parse and validate a release report, write the internal event. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmark {

    private EventValidator validator;
    private byte[][] releases;
    private int next;

    @Setup
    public void setUp() {
        validator = new EventValidator(1024 * 1024, Duration.ofHours(24), Clock.systemUTC());
        Workload workload = new Workload(7, 1_000_000);
        releases = new byte[1024][];
        for (int i = 0; i < releases.length; ) {
            Workload.Event e = workload.next();
            if (e.release()) {
                releases[i++] = e.json();
            }
        }
    }

    @Benchmark
    public byte[] parseValidateSerialise() {
        byte[] value = releases[next++ & (releases.length - 1)];
        Validated<ReleaseEvent> release = validator.release(value);
        if (release instanceof Validated.Valid<ReleaseEvent> valid) {
            return EventCodec.write(IngestedEvent.of(valid.value()));
        }
        throw new IllegalStateException("benchmark input is invalid: " + release);
    }
}
