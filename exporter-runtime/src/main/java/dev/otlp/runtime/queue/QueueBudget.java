package dev.otlp.runtime.queue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound in items and in bytes. A reservation is admitted only if both bounds hold it; it is
 * released once what it was for is delivered or given up.
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

    boolean tryReserve(long itemCount, long byteCount) {
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

    /** Counts what is already held, as a restart finds it, even past the bounds. */
    void force(long itemCount, long byteCount) {
        items.addAndGet(itemCount);
        bytes.addAndGet(byteCount);
    }

    void release(long itemCount, long byteCount) {
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
}
