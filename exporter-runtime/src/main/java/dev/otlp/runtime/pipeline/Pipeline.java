package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The path from receivers to the upstream: a bounded budget of held data, one batcher per signal,
 * and at most {@code max_connections} batches in flight. Data is refused, never dropped, while the
 * budget is full; it is released only when its batch is delivered or given up.
 */
public final class Pipeline implements Intake {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final long SENDERS_STOP_TIMEOUT_SECONDS = 5;
    private static final AtomicInteger SENDER_THREADS = new AtomicInteger();

    private final QueueBudget budget;
    private final double highWaterMark;
    private final Upstream upstream;
    private final RuntimeMetrics metrics;
    private final Semaphore inFlight;
    private final ExecutorService senders = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), Pipeline::senderThread);
    private final Map<Signal, SignalBatcher> batchers = new EnumMap<>(Signal.class);
    private final Map<Signal, Thread> workers = new EnumMap<>(Signal.class);
    private final AtomicLong undelivered = new AtomicLong();
    private volatile boolean draining;

    public Pipeline(PerformanceConfig performance, QueueConfig queue, Upstream upstream, RuntimeMetrics metrics) {
        this.budget = new QueueBudget(queue.maxItems(), queue.maxBytes());
        this.highWaterMark = queue.highWaterMark();
        this.upstream = upstream;
        this.metrics = metrics;
        this.inFlight = new Semaphore(performance.effectiveMaxConnections());
        for (Signal signal : Signal.values()) {
            AdaptiveBatchSize size = new AdaptiveBatchSize(performance.effectiveBatchSize(), performance.maxBatchSize(),
                    performance.enableBatching() && performance.enableAdaptiveBatching());
            batchers.put(signal, new SignalBatcher(signal, size, performance.maxBatchSize(),
                    performance.batchTimeout(), this::dispatch));
            metrics.gauge("otlp.batch.target.size", "Items at which a batch is sent now (adaptive batching moves it)",
                    size::target, "signal", signal.key());
        }
        metrics.gauge("otlp.queue.size", "Items held between receiving and delivery", budget, QueueBudget::items);
        metrics.gauge("otlp.queue.capacity", "Items the queue holds at most", budget, QueueBudget::maxItems);
        metrics.gauge("otlp.queue.size.bytes", "Bytes held between receiving and delivery", budget, QueueBudget::bytes);
        metrics.gauge("otlp.queue.capacity.bytes", "Bytes the queue holds at most", budget, QueueBudget::maxBytes);
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
        if (!budget.tryReserve(payload.items(), payload.sizeBytes())) {
            return Admission.QUEUE_FULL;
        }
        batchers.get(payload.signal()).enqueue(payload);
        return Admission.ACCEPTED;
    }

    /** Why this runtime should not get new traffic now; empty when it should. */
    public List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("draining for shutdown");
        }
        if (budget.utilization() >= highWaterMark) {
            reasons.add(String.format("queue above its high-water mark (%.0f%% full, mark %.0f%%)",
                    budget.utilization() * 100, highWaterMark * 100));
        }
        return reasons;
    }

    /**
     * Refuses new data from now on and sends what is held without waiting for batch timeouts.
     * Returns true when everything held was delivered (or given up) within {@code timeout}.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        batchers.values().forEach(SignalBatcher::flushEagerly);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!budget.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return budget.isEmpty();
    }

    /**
     * Stops the batchers after {@link #drain}; payloads never sent are counted as dropped.
     * Returns the items accepted from clients since start that never reached the upstream.
     */
    public long stop() throws InterruptedException {
        draining = true;
        for (Map.Entry<Signal, Thread> entry : workers.entrySet()) {
            for (Payload payload : batchers.get(entry.getKey()).stop(entry.getValue())) {
                dropped(payload.signal(), payload.items(), "shutdown");
                budget.release(payload.items(), payload.sizeBytes());
            }
        }
        for (Runnable send : senders.shutdownNow()) {
            unsent(((Send) send).batch);
            inFlight.release();
        }
        senders.awaitTermination(SENDERS_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return undelivered.get();
    }

    /** On the batcher's thread: waits for an in-flight slot, then leaves the sending to a sender thread. */
    private void dispatch(Batch batch) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unsent(batch);
            return;
        }
        try {
            senders.execute(new Send(batch));
        } catch (RejectedExecutionException stopped) {
            unsent(batch);
            inFlight.release();
        }
    }

    /**
     * Sending a batch: concatenation, compression and framing all happen on the calling thread, so
     * batches leave from a pool of sender threads rather than one batcher thread per signal.
     */
    private final class Send implements Runnable {

        private final Batch batch;

        Send(Batch batch) {
            this.batch = batch;
        }

        @Override
        public void run() {
            Signal signal = batch.signal();
            int items = batch.items();
            long start = System.nanoTime();
            try {
                upstream.send(signal, batch.request(), items).whenComplete((delivery, error) -> finished(
                        error == null ? delivery : Delivery.failed(items, "internal", error.getClass().getSimpleName()),
                        start));
            } catch (RuntimeException e) {
                log.error("sending a {} batch failed before it left", signal.key(), e);
                finished(Delivery.failed(items, "internal", e.getClass().getSimpleName()), start);
            }
        }

        private void finished(Delivery delivery, long start) {
            completed(batch.signal(), batch.items(), delivery, System.nanoTime() - start);
            budget.release(batch.items(), batch.bytes());
            inFlight.release();
        }
    }

    private static Thread senderThread(Runnable task) {
        Thread thread = new Thread(task, "sender-" + SENDER_THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private void unsent(Batch batch) {
        dropped(batch.signal(), batch.items(), "shutdown");
        budget.release(batch.items(), batch.bytes());
    }

    private void completed(Signal signal, int items, Delivery delivery, long durationNanos) {
        metrics.batchSent(signal, items, durationNanos);
        metrics.itemsExported(signal, delivery.delivered());
        if (delivery.rejected() > 0) {
            dropped(signal, delivery.rejected(), delivery.failureReason());
            log.warn("upstream did not take {} of {} {}: {}{}", delivery.rejected(), items, signal.itemName(),
                    delivery.failureReason(), delivery.message() == null ? "" : " (" + delivery.message() + ")");
        }
    }

    private void dropped(Signal signal, int items, String reason) {
        metrics.itemsDropped(signal, items, reason);
        undelivered.addAndGet(items);
    }
}
