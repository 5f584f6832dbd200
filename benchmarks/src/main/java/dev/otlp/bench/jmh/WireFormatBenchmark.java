package dev.otlp.bench.jmh;

import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.otlp.WireFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The receivers' per-request check: walking a 512-span request's wire format to count its spans.
 * Spans per second on one core = 512 × 10⁹ / score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireFormatBenchmark {

    /** Several distinct requests, so the walk is not over one array that always sits in L1. */
    private static final int DISTINCT_REQUESTS = 16;

    private byte[][] requests;
    private int next;

    @Setup
    public void generate() throws MalformedRequestException {
        requests = TraceRequests.generate(DISTINCT_REQUESTS);
        for (byte[] request : requests) {
            int spans = WireFormat.countItems(Signal.TRACES, request);
            if (spans != TraceRequests.SPANS_PER_REQUEST) {
                throw new IllegalStateException("expected " + TraceRequests.SPANS_PER_REQUEST + " spans, counted " + spans);
            }
        }
    }

    @Benchmark
    public int countSpans() throws MalformedRequestException {
        byte[] request = requests[next];
        next = (next + 1) % DISTINCT_REQUESTS;
        return WireFormat.countItems(Signal.TRACES, request);
    }
}
