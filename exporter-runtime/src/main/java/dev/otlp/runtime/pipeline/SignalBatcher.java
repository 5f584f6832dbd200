package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.Signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gathers one signal's payloads into batches on a single worker thread: a batch leaves when it
 * reaches the target size or when {@code batch_timeout} has passed since its first payload, and it
 * never grows past {@code max_batch_size} unless one payload alone is larger.
 */
final class SignalBatcher implements Runnable {

    /** Longest wait before the worker looks again at whether it was told to flush or stop. */
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Signal signal;
    private final AdaptiveBatchSize size;
    private final int maxBatchSize;
    private final long timeoutNanos;
    private final Consumer<Batch> dispatcher;
    private final LinkedBlockingQueue<Payload> pending = new LinkedBlockingQueue<>();
    private volatile boolean flushing;
    private volatile boolean stopped;
    private Payload carried;

    SignalBatcher(Signal signal, AdaptiveBatchSize size, int maxBatchSize, Duration timeout, Consumer<Batch> dispatcher) {
        this.signal = signal;
        this.size = size;
        this.maxBatchSize = maxBatchSize;
        this.timeoutNanos = timeout.toNanos();
        this.dispatcher = dispatcher;
    }

    void enqueue(Payload payload) {
        pending.add(payload);
    }

    AdaptiveBatchSize size() {
        return size;
    }

    /** From now on batches leave as soon as nothing more is waiting, without waiting for the timeout. */
    void flushEagerly() {
        flushing = true;
    }

    /** Ends the worker; returns the payloads it never sent. */
    List<Payload> stop(Thread worker) throws InterruptedException {
        stopped = true;
        worker.interrupt();
        worker.join();
        List<Payload> unsent = new ArrayList<>();
        if (carried != null) {
            unsent.add(carried);
        }
        pending.drainTo(unsent);
        return unsent;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                Payload first = carried != null ? carried : pending.poll(POLL_SLICE_NANOS, TimeUnit.NANOSECONDS);
                carried = null;
                if (first != null) {
                    dispatcher.accept(fill(first));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Batch fill(Payload first) throws InterruptedException {
        Batch batch = new Batch(signal);
        batch.add(first);
        long deadline = System.nanoTime() + timeoutNanos;
        boolean filled = batch.items() >= size.target();
        while (!filled) {
            long wait = flushing ? 0 : deadline - System.nanoTime();
            Payload next = wait <= 0 ? pending.poll() : pending.poll(Math.min(wait, POLL_SLICE_NANOS), TimeUnit.NANOSECONDS);
            if (next == null) {
                if (wait <= POLL_SLICE_NANOS) {
                    break;
                }
                continue;
            }
            if (batch.items() + next.items() > maxBatchSize) {
                carried = next;
                filled = true;
            } else {
                batch.add(next);
                filled = batch.items() >= size.target();
            }
        }
        size.observe(batch.items(), filled);
        return batch;
    }
}
