package dev.otlp.bench.jmh;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.Profile;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.config.UpstreamConfig;
import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.pipeline.Pipeline;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.DiskQueue;
import dev.otlp.runtime.queue.MemoryQueue;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.queue.PayloadQueue;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The receivers' hand-off, sustained: {@link Pipeline#offer} of 512-span requests into the
 * {@code balanced} profile's pipeline (its queue bounds, batchers and sender threads all running)
 * in front of an upstream that acknowledges every batch at once. One operation is one accepted
 * request, so the score is requests/s through intake, batcher and senders (× 512 for spans/s).
 * A refused offer yields the CPU and tries again, as a client would after its retryable refusal;
 * the {@code queueFull} counter reports those refusals per second. Offering threads, the batcher
 * and the two sender threads share the cores, as the receivers do in the runtime. {@code queue}
 * is the memory queue, or the persistent one (in a temporary directory) with {@code sync} write or
 * fsync: what appending, reading back and noting deliveries cost against holding in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueHandOffBenchmark {

    @Param({"memory", "write", "fsync"})
    public String queue;

    private Pipeline pipeline;
    private PayloadQueue payloads;
    private Path directory;

    @Setup(Level.Trial)
    public void start() throws IOException {
        Profile profile = Profile.BALANCED;
        QueueConfig config = profile.queue();
        if (queue.equals("memory")) {
            payloads = new MemoryQueue(config.maxItems(), config.maxBytes());
        } else {
            directory = Files.createTempDirectory("otlp-queue-bench-");
            payloads = DiskQueue.open(new PersistenceConfig(true, directory.toString(), 1L << 30,
                    queue.equals("fsync") ? PersistenceConfig.Sync.FSYNC : PersistenceConfig.Sync.WRITE),
                    config.maxItems(), (signal, itemsLost) -> { });
        }
        pipeline = new Pipeline(profile.performance(), config, UpstreamConfig.DEFAULT_MAX_EXPORT_SIZE, payloads,
                new AcknowledgingUpstream(), new RuntimeMetrics());
        pipeline.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
        pipeline.drain(Duration.ofSeconds(10));
        pipeline.stop();
        payloads.close();
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
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
        public CompletableFuture<Delivery> send(Signal signal, byte[] request, int items, long expiresAtMillis) {
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
