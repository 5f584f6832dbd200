package dev.otlp.bench.jmh;

import dev.otlp.runtime.otlp.ExportRequests;
import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.otlp.WireFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turning a batch of N received 512-span requests into the one request sent upstream, with the
 * code every batch goes through ({@link ExportRequests#concatenate}). With 512-span requests the
 * {@code balanced} profile's {@code max_batch_size} of 1000 sends each request alone (no copy),
 * {@code high-throughput}'s 2000 sends three together.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchConcatenationBenchmark {

    @Param({"3", "16"})
    public int requestsPerBatch;

    private List<byte[]> requests;
    private int bytes;

    @Setup
    public void gather() throws MalformedRequestException {
        requests = new ArrayList<>();
        bytes = 0;
        for (byte[] request : TraceRequests.generate(requestsPerBatch)) {
            requests.add(request);
            bytes += request.length;
        }
        int spans = WireFormat.countItems(Signal.TRACES, concatenate());
        if (spans != requestsPerBatch * TraceRequests.SPANS_PER_REQUEST) {
            throw new IllegalStateException("the concatenated batch holds " + spans + " spans");
        }
    }

    @Benchmark
    public byte[] concatenate() {
        return ExportRequests.concatenate(requests, bytes);
    }
}
