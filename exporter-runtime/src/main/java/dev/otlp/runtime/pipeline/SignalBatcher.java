package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue;
import dev.otlp.runtime.queue.PayloadQueue.Held;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gathers one signal's payloads from the queue into batches on a single worker thread: a batch
 * leaves when it reaches the target size or when {@code batch_timeout} has passed since its first
 * payload, and it never grows past {@code max_batch_size} items or {@code max_export_size} bytes
 * (every payload alone fits: larger requests are split at receipt).
 */
final class SignalBatcher implements Runnable {

    /** Longest wait before the worker looks again at whether it was told to flush or stop. */
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Signal signal;
    private final PayloadQueue queue;
    private final AdaptiveBatchSize size;
    private final int maxBatchSize;
    private final long maxExportSize;
    private final long timeoutNanos;
    private final Consumer<Batch> dispatcher;
    private volatile boolean flushing;
    private volatile boolean stopped;
    private Held carried;

    SignalBatcher(Signal signal, PayloadQueue queue, AdaptiveBatchSize size, int maxBatchSize, long maxExportSize,
                  Duration timeout, Consumer<Batch> dispatcher) {
        this.signal = signal;
        this.queue = queue;
        this.size = size;
        this.maxBatchSize = maxBatchSize;
        this.maxExportSize = maxExportSize;
        this.timeoutNanos = timeout.toNanos();
        this.dispatcher = dispatcher;
    }

    /** From now on batches leave as soon as nothing more is waiting, without waiting for the timeout. */
    void flushEagerly() {
        flushing = true;
    }

    /** Ends the worker; returns the payload it had taken and not yet put in a batch, or null. */
    Held stop(Thread worker) throws InterruptedException {
        stopped = true;
        worker.interrupt();
        worker.join();
        return carried;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                Held first = carried != null ? carried : queue.take(signal, POLL_SLICE_NANOS);
                carried = null;
                if (first != null) {
                    dispatcher.accept(fill(first));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Batch fill(Held first) throws InterruptedException {
        Batch batch = new Batch(signal);
        batch.add(first);
        long deadline = System.nanoTime() + timeoutNanos;
        boolean filled = batch.items() >= size.target();
        while (!filled) {
            long wait = flushing ? 0 : deadline - System.nanoTime();
            Held next = queue.take(signal, Math.max(0, Math.min(wait, POLL_SLICE_NANOS)));
            if (next == null) {
                if (wait <= POLL_SLICE_NANOS) {
                    break;
                }
                continue;
            }
            if (batch.items() + next.payload().items() > maxBatchSize
                    || batch.bytes() + (long) next.payload().sizeBytes() > maxExportSize) {
                carried = next;
                filled = true;
                break;
            }
            batch.add(next);
            filled = batch.items() >= size.target();
        }
        size.observe(batch.items(), filled);
        return batch;
    }
}
