package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;

import java.util.List;

/**
 * What the runtime holds between acknowledging data to a client and delivering it upstream:
 * offered by the receivers, taken by the batchers, and acknowledged once the upstream took it (or
 * it was dropped for good). Until acknowledged, data stays counted against the queue's bounds; a
 * persistent queue also replays it after a restart.
 */
public interface PayloadQueue extends AutoCloseable {

    /**
     * Stores every part of one request, or none of them. Never blocks on the upstream.
     *
     * @return {@link Admission#ACCEPTED} once stored as durably as the queue promises, or {@link Admission#QUEUE_FULL}
     */
    Admission offer(List<Payload> parts);

    /** The next payload of {@code signal} not yet taken, waiting up to {@code timeoutNanos}; null when none came. */
    Held take(Signal signal, long timeoutNanos) throws InterruptedException;

    /** Releases payloads that were taken and are now delivered or dropped for good. */
    void acknowledge(List<Held> done);

    /** Items held: offered and not yet acknowledged. */
    long items();

    /** Items of one signal held: offered and not yet acknowledged. */
    long items(Signal signal);

    long maxItems();

    /** Bytes held: in memory for a memory queue, on disk for a persistent one. */
    long bytes();

    long maxBytes();

    /** The fuller of the bounds, as a fraction. */
    default double utilization() {
        return Math.max((double) items() / maxItems(), (double) bytes() / maxBytes());
    }

    /** Whether acknowledged data outlives the process: then undelivered data at shutdown is kept, not lost. */
    boolean persistent();

    @Override
    void close();

    /** A payload taken from the queue and not yet acknowledged. */
    interface Held {
        Payload payload();
    }
}
