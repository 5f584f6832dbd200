package dev.otlp.bench.jmh;

import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.otlp.WireFormat;
import dev.otlp.runtime.queue.Payload;
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
 * Turning a batch of N received 512-span requests into the one request sent upstream. The
 * runtime's {@code pipeline.Batch} is package-private, so {@link #concatenate} repeats the body of
 * {@code Batch.request()} line for line (the payloads taken from the queue, their byte total kept
 * as they were added, one {@code System.arraycopy} each); keep the two in step. With 512-span requests the
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

    private List<Payload> payloads;
    private int bytes;

    @Setup
    public void gather() throws MalformedRequestException {
        payloads = new ArrayList<>();
        bytes = 0;
        for (byte[] request : TraceRequests.generate(requestsPerBatch)) {
            payloads.add(new Payload(Signal.TRACES, request, TraceRequests.SPANS_PER_REQUEST));
            bytes += request.length;
        }
        int spans = WireFormat.countItems(Signal.TRACES, concatenate());
        if (spans != requestsPerBatch * TraceRequests.SPANS_PER_REQUEST) {
            throw new IllegalStateException("the concatenated batch holds " + spans + " spans");
        }
    }

    @Benchmark
    public byte[] concatenate() {
        byte[] request = new byte[bytes];
        int offset = 0;
        for (Payload payload : payloads) {
            System.arraycopy(payload.bytes(), 0, request, offset, payload.sizeBytes());
            offset += payload.sizeBytes();
        }
        return request;
    }
}
