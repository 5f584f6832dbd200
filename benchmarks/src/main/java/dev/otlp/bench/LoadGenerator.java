package dev.otlp.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends pre-serialized trace export requests through a {@link Transport} (raw gRPC or OTLP/HTTP: no SDK,
 * no parsing) with at most {@code streams} calls in flight: either as fast as
 * answers come back (closed loop) or at a fixed offered rate. At a fixed rate a call's latency
 * counts from when it was due, so a backlog shows up in the latency instead of hiding in a
 * slower send rate.
 */
final class LoadGenerator implements AutoCloseable {

    /** How long a stream pauses after a refusal in closed loop, rather than hammering a full queue. */
    private static final Duration REFUSAL_PAUSE = Duration.ofMillis(10);

    private final Transport transport;
    private final int requestVariants;
    private final int spansPerRequest;
    private final Settings settings;
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
     */
    record Settings(int streams, double offeredSpansPerSecond) {

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

    /** What carries one call; it reports each call's outcome to the {@link Answer} it is given, once. */
    interface Transport extends AutoCloseable {

        /** Sends request variant {@code variant} (0 to the number of variants - 1). */
        void send(int variant, Answer answer);

        @Override
        void close();
    }

    /**
     * @param requestVariants how many distinct requests {@code transport} holds; they are sent in turn
     */
    LoadGenerator(Transport transport, Settings settings, int requestVariants, int spansPerRequest) {
        this.transport = transport;
        this.settings = settings;
        this.requestVariants = requestVariants;
        this.spansPerRequest = spansPerRequest;
        this.streams = new Semaphore(settings.streams());
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
                sentCalls.increment();
                transport.send(next++ % requestVariants, new Answer(start, recording));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pauses.shutdownNow();
        transport.close();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One call's outcome: exactly one of its methods is called. */
    final class Answer {

        private final long start;
        private final boolean recorded;

        Answer(long start, boolean recorded) {
            this.start = start;
            this.recorded = recorded;
        }

        void acknowledged() {
            if (recorded) {
                latencies.add(System.nanoTime() - start);
            }
            ackedSpans.add(spansPerRequest);
            streams.release();
        }

        /** Refused with a retryable status (queue full: back-pressure). */
        void refused() {
            refusedCalls.increment();
            pause();
        }

        void failed(String status) {
            failedCalls.increment();
            lastFailure.set(status);
            pause();
        }

        private void pause() {
            if (settings.closedLoop() && running) {
                pauses.schedule(() -> streams.release(), REFUSAL_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                streams.release();
            }
        }
    }
}
