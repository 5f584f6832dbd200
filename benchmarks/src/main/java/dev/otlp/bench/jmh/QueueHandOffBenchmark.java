package dev.otlp.bench.jmh;

import dev.otlp.runtime.config.Profile;
import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.pipeline.Admission;
import dev.otlp.runtime.pipeline.Payload;
import dev.otlp.runtime.pipeline.Pipeline;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The receivers' hand-off, sustained: {@link Pipeline#offer} of 512-span requests into the
 * {@code balanced} profile's pipeline (its queue bounds, batchers and sender threads all running)
 * in front of an upstream that acknowledges every batch at once. One operation is one accepted
 * request, so the score is requests/s through intake, batcher and senders (× 512 for spans/s).
 * A refused offer yields the CPU and tries again, as a client would after its retryable refusal;
 * the {@code queueFull} counter reports those refusals per second. Offering threads, the batcher
 * and the two sender threads share the cores, as the receivers do in the runtime.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueHandOffBenchmark {

    private Pipeline pipeline;

    @Setup(Level.Trial)
    public void start() {
        Profile profile = Profile.BALANCED;
        pipeline = new Pipeline(profile.performance(), profile.queue(), new AcknowledgingUpstream(), new RuntimeMetrics());
        pipeline.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        pipeline.drain(Duration.ofSeconds(10));
        pipeline.stop();
    }

    @Benchmark
    @Threads(1)
    public void offerFromOneThread(Offerer offerer) {
        offerer.offerUntilAccepted(pipeline);
    }

    @Benchmark
    @Threads(2)
    public void offerFromTwoThreads(Offerer offerer) {
        offerer.offerUntilAccepted(pipeline);
    }

    /** One receiver thread: its request, and how often the full queue refused it (per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Offerer {

        private Payload payload;
        public long queueFull;

        @Setup(Level.Trial)
        public void generate() {
            payload = new Payload(Signal.TRACES, TraceRequests.generate(1)[0], TraceRequests.SPANS_PER_REQUEST);
        }

        @Setup(Level.Iteration)
        public void reset() {
            queueFull = 0;
        }

        void offerUntilAccepted(Pipeline pipeline) {
            Admission admission;
            while ((admission = pipeline.offer(payload)) != Admission.ACCEPTED) {
                if (admission == Admission.SHUTTING_DOWN) {
                    throw new IllegalStateException("the pipeline is shutting down");
                }
                queueFull++;
                Thread.yield();
            }
        }
    }

    /** An upstream that takes every batch as delivered, at once, on the sender's thread. */
    private static final class AcknowledgingUpstream implements Upstream {

        @Override
        public CompletableFuture<Delivery> send(Signal signal, byte[] request, int items) {
            return CompletableFuture.completedFuture(Delivery.success(items));
        }

        @Override
        public int activeConnections() {
            return 1;
        }

        @Override
        public void close() {
        }
    }
}
