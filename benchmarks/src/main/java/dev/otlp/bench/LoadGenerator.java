package dev.otlp.bench;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.compression.ZstdCodec;
import io.grpc.CallOptions;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends pre-serialized trace export requests over raw gRPC (no SDK, no parsing) with at most
 * {@code streams} calls in flight, spread over {@code connections} channels: either as fast as
 * answers come back (closed loop) or at a fixed offered rate. At a fixed rate a call's latency
 * counts from when it was due, so a backlog shows up in the latency instead of hiding in a
 * slower send rate.
 */
final class LoadGenerator implements AutoCloseable {

    /** How long a stream pauses after a refusal in closed loop, rather than hammering a full queue. */
    private static final Duration REFUSAL_PAUSE = Duration.ofMillis(10);

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<byte[]> requests;
    private final int spansPerRequest;
    private final Settings settings;
    private final CallOptions callOptions;
    private final Semaphore streams;
    private final ScheduledExecutorService pauses = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "load-refusal-pause"));
    private final Latencies latencies = new Latencies();
    private final LongAdder sentCalls = new LongAdder();
    private final LongAdder ackedSpans = new LongAdder();
    private final LongAdder refusedCalls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean running;
    private volatile boolean recording;
    private Thread sender;

    /**
     * @param offeredSpansPerSecond 0 for closed loop
     * @param zstdLevel             0 to send uncompressed, otherwise the zstd level of {@code grpc-encoding: zstd}
     */
    record Settings(int streams, int connections, double offeredSpansPerSecond, int zstdLevel) {

        boolean closedLoop() {
            return offeredSpansPerSecond <= 0;
        }
    }

    /** Calls and spans since start; subtract two snapshots for a window. */
    record Counts(long sentCalls, long ackedSpans, long refusedCalls, long failedCalls) {

        Counts minus(Counts earlier) {
            return new Counts(sentCalls - earlier.sentCalls, ackedSpans - earlier.ackedSpans,
                    refusedCalls - earlier.refusedCalls, failedCalls - earlier.failedCalls);
        }
    }

    LoadGenerator(String host, int port, Settings settings, List<byte[]> requests, int spansPerRequest) {
        this.settings = settings;
        this.requests = requests;
        this.spansPerRequest = spansPerRequest;
        this.streams = new Semaphore(settings.streams());
        CompressorRegistry compressors = CompressorRegistry.getDefaultInstance();
        CallOptions options = CallOptions.DEFAULT;
        if (settings.zstdLevel() > 0) {
            compressors = CompressorRegistry.newEmptyInstance();
            compressors.register(new ZstdCodec(settings.zstdLevel()));
            options = options.withCompression(ZstdCodec.NAME);
        }
        this.callOptions = options;
        for (int i = 0; i < settings.connections(); i++) {
            channels.add(NettyChannelBuilder.forAddress(host, port)
                    .usePlaintext()
                    .directExecutor()
                    .compressorRegistry(compressors)
                    .build());
        }
    }

    void start() {
        running = true;
        sender = daemon(this::send, "load-sender");
        sender.start();
    }

    /** Latencies count only for calls sent from now on, until the next call. */
    void recordLatencies(boolean on) {
        if (on) {
            latencies.clear();
        }
        recording = on;
    }

    Latencies latencies() {
        return latencies;
    }

    Counts counts() {
        return new Counts(sentCalls.sum(), ackedSpans.sum(), refusedCalls.sum(), failedCalls.sum());
    }

    /** The status of the latest failed call other than a refusal, or null. */
    String lastFailure() {
        return lastFailure.get();
    }

    /** Sends no more and waits for the calls in flight to be answered. */
    void stop(Duration timeout) throws InterruptedException {
        running = false;
        sender.interrupt();
        sender.join(timeout.toMillis());
        streams.tryAcquire(settings.streams(), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void send() {
        long interval = settings.closedLoop() ? 0 : (long) (1e9 * spansPerRequest / settings.offeredSpansPerSecond());
        long due = System.nanoTime();
        int next = 0;
        try {
            while (running) {
                if (interval > 0) {
                    due += interval;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                streams.acquire();
                long start = interval > 0 ? due : System.nanoTime();
                byte[] request = requests.get(next++ % requests.size());
                ManagedChannel channel = channels.get(next % channels.size());
                sentCalls.increment();
                ClientCalls.asyncUnaryCall(channel.newCall(ByteArrayMarshaller.exportMethod(Signal.TRACES), callOptions), request,
                        new Answer(start, recording));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pauses.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
        try {
            for (ManagedChannel channel : channels) {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private final class Answer implements StreamObserver<byte[]> {

        private final long start;
        private final boolean recorded;

        Answer(long start, boolean recorded) {
            this.start = start;
            this.recorded = recorded;
        }

        @Override
        public void onNext(byte[] response) {
        }

        @Override
        public void onCompleted() {
            if (recorded) {
                latencies.add(System.nanoTime() - start);
            }
            ackedSpans.add(spansPerRequest);
            streams.release();
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                refusedCalls.increment();
            } else {
                failedCalls.increment();
                lastFailure.set(status.getCode() + ": " + status.getDescription());
            }
            if (settings.closedLoop() && running) {
                pauses.schedule(() -> streams.release(), REFUSAL_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                streams.release();
            }
        }
    }
}
