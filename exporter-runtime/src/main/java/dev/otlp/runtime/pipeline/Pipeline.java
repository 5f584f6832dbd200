package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.RequestSplitter;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.otlp.WireFormat;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.queue.PayloadQueue;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The path from receivers to the upstream: the queue, one batcher per signal reading from it, and
 * at most {@code max_connections} batches in flight. A request larger than {@code max_export_size}
 * is split before it is queued; data is refused, never dropped, while the queue is full; a batch
 * is acknowledged to the queue only once the upstream took it, or refused its data for good (a
 * refused batch of several requests is split until only the refused requests are left).
 */
public final class Pipeline implements Intake {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final long SENDERS_STOP_TIMEOUT_SECONDS = 5;
    private static final long RESEND_DELAY_SECONDS = 1;
    private static final AtomicInteger SENDER_THREADS = new AtomicInteger();
    /** How long a draining persistent queue waits for the upstream to take anything before it stops draining. */
    private static final Duration PERSISTENT_DRAIN_PATIENCE = Duration.ofSeconds(1);

    private final PayloadQueue queue;
    private final double highWaterMark;
    private final int maxExportSize;
    private final long maxAgeMillis;
    private final Upstream upstream;
    private final RuntimeMetrics metrics;
    private final Semaphore inFlight;
    private final ExecutorService senders = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), Pipeline::senderThread);
    private final Map<Signal, SignalBatcher> batchers = new EnumMap<>(Signal.class);
    private final Map<Signal, Thread> workers = new EnumMap<>(Signal.class);
    private final AtomicLong undelivered = new AtomicLong();
    private volatile boolean draining;

    public Pipeline(PerformanceConfig performance, QueueConfig queueConfig, long maxExportSize, PayloadQueue queue,
                    Upstream upstream, RuntimeMetrics metrics) {
        this.queue = queue;
        this.highWaterMark = queueConfig.highWaterMark();
        this.maxExportSize = (int) Math.min(Integer.MAX_VALUE - 8, maxExportSize);
        this.maxAgeMillis = queueConfig.expires() ? queueConfig.maxAge().toMillis() : 0;
        this.upstream = upstream;
        this.metrics = metrics;
        this.inFlight = new Semaphore(performance.effectiveMaxConnections());
        for (Signal signal : Signal.values()) {
            AdaptiveBatchSize size = new AdaptiveBatchSize(performance.effectiveBatchSize(), performance.maxBatchSize(),
                    performance.enableBatching() && performance.enableAdaptiveBatching());
            batchers.put(signal, new SignalBatcher(signal, queue, size, performance.maxBatchSize(), this.maxExportSize,
                    performance.batchTimeout(), this::dispatch));
            metrics.gauge("otlp.batch.target.size", "Items at which a batch is sent now (adaptive batching moves it)",
                    size::target, "signal", signal.key());
        }
        metrics.gauge("otlp.queue.size", "Items held between acknowledging and delivering", queue, PayloadQueue::items);
        metrics.gauge("otlp.queue.capacity", "Items the queue holds at most", queue, PayloadQueue::maxItems);
        metrics.gauge("otlp.queue.size.bytes", "Bytes held between acknowledging and delivering (on disk for a persistent queue)",
                queue, PayloadQueue::bytes);
        metrics.gauge("otlp.queue.capacity.bytes", "Bytes the queue holds at most", queue, PayloadQueue::maxBytes);
        metrics.gauge("otlp.active.connections", "Connections open to the upstream", upstream, Upstream::activeConnections);
    }

    public void start() {
        batchers.forEach((signal, batcher) -> {
            Thread worker = new Thread(batcher, "batcher-" + signal.key());
            worker.setDaemon(true);
            workers.put(signal, worker);
            worker.start();
        });
    }

    @Override
    public Admission offer(Payload payload) {
        if (draining) {
            return Admission.SHUTTING_DOWN;
        }
        if (payload.items() == 0) {
            return Admission.ACCEPTED;
        }
        if (payload.items() > queue.maxItems() || payload.sizeBytes() > queue.maxBytes()) {
            return Admission.TOO_LARGE;
        }
        if (payload.sizeBytes() <= maxExportSize) {
            return queue.offer(List.of(payload));
        }
        List<Payload> parts;
        try {
            parts = parts(payload);
        } catch (RequestSplitter.ItemTooLargeException e) {
            return Admission.TOO_LARGE;
        }
        return queue.offer(parts);
    }

    private List<Payload> parts(Payload payload) throws RequestSplitter.ItemTooLargeException {
        List<Payload> parts = new ArrayList<>();
        for (byte[] part : RequestSplitter.split(payload.bytes(), maxExportSize)) {
            try {
                parts.add(new Payload(payload.signal(), part, WireFormat.countItems(payload.signal(), part),
                        payload.receivedAtMillis()));
            } catch (MalformedRequestException e) {
                throw new IllegalStateException("a part of a checked request is malformed: " + e.getMessage(), e);
            }
        }
        return parts;
    }

    /** Names the one limit that refused {@code refused} (answered {@link Admission#TOO_LARGE}), with the numbers. */
    @Override
    public String tooLargeMessage(Payload refused) {
        if (refused.sizeBytes() > queue.maxBytes()) {
            return "the request is " + readable(refused.sizeBytes()) + ", larger than the whole queue ([queue] "
                    + (queue.persistent() ? "max_disk_bytes" : "max_bytes") + " = " + readable(queue.maxBytes()) + ")";
        }
        if (refused.items() > queue.maxItems()) {
            return "the request holds " + refused.items() + " " + refused.signal().itemName().replace('_', ' ')
                    + ", more than the whole queue ([queue] max_items = " + queue.maxItems() + ")";
        }
        try {
            parts(refused);
        } catch (RequestSplitter.ItemTooLargeException e) {
            String items = refused.signal().itemName().replace('_', ' ');
            return "the request holds a " + items.substring(0, items.length() - 1) + " of "
                    + readable(e.itemBytes()) + ", which with its resource and scope is larger than [otlp] max_export_size = "
                    + readable(maxExportSize);
        }
        return "the request is larger than this exporter can export";
    }

    /** A size as people read it: {@code 812 bytes}, {@code 4 MiB}, {@code 5.2 MiB}. */
    private static String readable(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    /** Why this runtime should not get new traffic now; empty when it should. */
    public List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("draining for shutdown");
        }
        double utilization = queue.utilization();
        if (utilization >= highWaterMark) {
            reasons.add(String.format("queue above its high-water mark (%.0f%% full, mark %.0f%%)",
                    utilization * 100, highWaterMark * 100));
        }
        return reasons;
    }

    /**
     * Refuses new data from now on and sends what is held without waiting for batch timeouts.
     * A persistent queue keeps what it holds on disk for the next start, so its drain ends as soon
     * as the upstream takes nothing for {@link #PERSISTENT_DRAIN_PATIENCE}: a blocked upstream does
     * not hold the shutdown for the whole {@code timeout}, and a working one still empties it.
     * Returns true when everything held was delivered (or dropped for good) within {@code timeout}.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        batchers.values().forEach(SignalBatcher::flushEagerly);
        long deadline = System.nanoTime() + timeout.toNanos();
        long held = queue.items();
        long lastProgress = System.nanoTime();
        while (held > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
            long now = queue.items();
            if (now < held) {
                lastProgress = System.nanoTime();
            } else if (queue.persistent() && System.nanoTime() - lastProgress > PERSISTENT_DRAIN_PATIENCE.toNanos()) {
                break;
            }
            held = now;
        }
        return queue.items() == 0;
    }

    /**
     * Stops the batchers and senders, after {@link #drain} and after the upstream was closed.
     * What the queue still holds is counted as dropped for a memory queue, and kept for the next
     * start by a persistent one.
     *
     * @return the items accepted from clients since start that will never reach the upstream
     */
    public long stop() throws InterruptedException {
        draining = true;
        for (Map.Entry<Signal, Thread> entry : workers.entrySet()) {
            batchers.get(entry.getKey()).stop(entry.getValue());
        }
        for (Runnable unstarted : senders.shutdownNow()) {
            inFlight.release();
        }
        senders.awaitTermination(SENDERS_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (Signal signal : Signal.values()) {
            long held = queue.items(signal);
            if (held > 0 && !queue.persistent()) {
                dropped(signal, held, "shutdown");
            }
        }
        return undelivered.get();
    }

    /** Items the persistent queue keeps for delivery after the next start. */
    public long retained() {
        return queue.persistent() ? queue.items() : 0;
    }

    /** On the batcher's thread: waits for an in-flight slot, then leaves the sending to a sender thread. */
    private void dispatch(Batch batch) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            senders.execute(() -> send(batch, inFlight::release));
        } catch (RejectedExecutionException stopped) {
            inFlight.release();
        }
    }

    /**
     * Sends a batch and settles it with the queue; {@code done} runs once it is settled. Sending,
     * concatenation and compression happen on the calling thread, so batches leave from a pool
     * of sender threads rather than one batcher thread per signal.
     */
    private void send(Batch batch, Runnable done) {
        long start = System.nanoTime();
        long expiresAt = maxAgeMillis > 0 ? batch.oldestMillis() + maxAgeMillis : Upstream.NEVER_EXPIRES;
        try {
            upstream.send(batch.signal(), batch.request(), batch.items(), expiresAt).whenComplete((delivery, error) -> {
                if (error != null) {
                    log.error("sending a {} batch failed unexpectedly; sending it again", batch.signal().key(), error);
                    sendAgainLater(batch, done);
                } else {
                    settle(batch, delivery, System.nanoTime() - start, done);
                }
            });
        } catch (RuntimeException e) {
            log.error("sending a {} batch failed before it left; sending it again", batch.signal().key(), e);
            sendAgainLater(batch, done);
        }
    }

    /**
     * A batch is never given up for the runtime's own failure. Once the senders stop, the resend is
     * not run and the batch stays held by the queue, counted at {@link #stop}.
     */
    private void sendAgainLater(Batch batch, Runnable done) {
        CompletableFuture.delayedExecutor(RESEND_DELAY_SECONDS, TimeUnit.SECONDS, senders).execute(() -> send(batch, done));
    }

    private void settle(Batch batch, Delivery delivery, long durationNanos, Runnable done) {
        Signal signal = batch.signal();
        switch (delivery.outcome()) {
            case DELIVERED -> {
                metrics.batchSent(signal, batch.items(), durationNanos);
                metrics.itemsExported(signal, delivery.delivered());
                if (delivery.rejected() > 0) {
                    dropped(signal, delivery.rejected(), delivery.reason());
                    log.warn("upstream did not take {} of {} {}: {}{}", delivery.rejected(), batch.items(),
                            signal.itemName(), delivery.reason(), describe(delivery));
                }
                queue.acknowledge(batch.held());
            }
            case REJECTED -> {
                if (batch.parts() > 1) {
                    isolate(batch, done);
                    return;
                }
                dropped(signal, batch.items(), "rejected");
                log.warn("upstream refused a {} request of {} {} ({} bytes) for good: {}{}", signal.key(), batch.items(),
                        signal.itemName(), batch.bytes(), delivery.reason(), describe(delivery));
                queue.acknowledge(batch.held());
            }
            case EXPIRED -> {
                dropped(signal, batch.items(), "expired");
                log.warn("dropped {} {} held longer than [queue] max_age; the upstream still fails: {}",
                        batch.items(), signal.itemName(), delivery.message());
                queue.acknowledge(batch.held());
            }
            case UNSENT -> {
                // still held by the queue: counted at stop, or kept on disk for the next start
            }
        }
        done.run();
    }

    /**
     * Sends the halves of a refused batch on their own, one after the other, so that only the refused
     * requests are dropped and a batch never has more than one export in flight.
     */
    private void isolate(Batch batch, Runnable done) {
        List<Batch> halves = batch.halves();
        send(halves.get(0), () -> send(halves.get(1), done));
    }

    private static String describe(Delivery delivery) {
        return delivery.message() == null ? "" : " (" + delivery.message() + ")";
    }

    private static Thread senderThread(Runnable task) {
        Thread thread = new Thread(task, "sender-" + SENDER_THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private void dropped(Signal signal, long items, String reason) {
        metrics.itemsDropped(signal, items, reason);
        undelivered.addAndGet(items);
    }
}
