package dev.otlp.runtime.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on data held between receiving and delivering, in items and in bytes. A payload is
 * admitted only if both bounds hold it; it is released once its batch is delivered or given up.
 */
final class QueueBudget {

    private final long maxItems;
    private final long maxBytes;
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    QueueBudget(long maxItems, long maxBytes) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    boolean tryReserve(int itemCount, int byteCount) {
        if (!reserve(items, itemCount, maxItems)) {
            return false;
        }
        if (!reserve(bytes, byteCount, maxBytes)) {
            items.addAndGet(-itemCount);
            return false;
        }
        return true;
    }

    private static boolean reserve(AtomicLong held, long amount, long max) {
        long current;
        do {
            current = held.get();
            if (current + amount > max) {
                return false;
            }
        } while (!held.compareAndSet(current, current + amount));
        return true;
    }

    void release(int itemCount, int byteCount) {
        items.addAndGet(-itemCount);
        bytes.addAndGet(-byteCount);
    }

    long items() {
        return items.get();
    }

    long bytes() {
        return bytes.get();
    }

    long maxItems() {
        return maxItems;
    }

    long maxBytes() {
        return maxBytes;
    }

    boolean isEmpty() {
        return items.get() == 0 && bytes.get() == 0;
    }

    /** The fuller of the two bounds, as a fraction. */
    double utilization() {
        return Math.max((double) items.get() / maxItems, (double) bytes.get() / maxBytes);
    }
}
