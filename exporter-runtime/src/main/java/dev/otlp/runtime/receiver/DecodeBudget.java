package dev.otlp.runtime.receiver;

import dev.otlp.runtime.compression.Reservation;
import dev.otlp.runtime.compression.ReservationRefusedException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that requests being read and decoded may hold at once, over both receivers: bodies,
 * decompressed bodies and JSON being turned into protobuf. A request that cannot reserve what it
 * needs is refused as retryable (429 / RESOURCE_EXHAUSTED with RetryInfo) instead of exhausting
 * the heap; once admitted, its bytes belong to the queue's own budget.
 */
public final class DecodeBudget {

    /** The share of the heap requests in decoding may hold. */
    private static final int HEAP_DIVISOR = 4;
    /** The most a single request may reserve relative to its size limit (see docs/LIMITS.md). */
    static final int MAX_RESERVATION_PER_REQUEST_SIZE = 6;

    private final long capacity;
    private final AtomicLong reserved = new AtomicLong();

    DecodeBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a decode budget needs a positive capacity, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * A quarter of the heap, but never less than one request of {@code maxRequestSize} needs at
     * worst, so that a request within the limits can always be decoded once others are done.
     */
    public static DecodeBudget forHeap(long maxRequestSize) {
        long quarter = Runtime.getRuntime().maxMemory() / HEAP_DIVISOR;
        return new DecodeBudget(Math.max(quarter, MAX_RESERVATION_PER_REQUEST_SIZE * maxRequestSize));
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes reserved by requests in decoding now. */
    public long reserved() {
        return reserved.get();
    }

    /** A reservation for one request; closing it returns everything it reserved. */
    public Lease lease() {
        return new Lease();
    }

    public final class Lease implements Reservation, AutoCloseable {

        private long held;
        private boolean closed;

        @Override
        public synchronized void reserve(long bytes) throws ReservationRefusedException {
            if (closed) {
                throw new IllegalStateException("the lease was already returned");
            }
            long after = reserved.addAndGet(bytes);
            if (after > capacity) {
                reserved.addAndGet(-bytes);
                throw new ReservationRefusedException("the exporter is decoding " + (after - bytes)
                        + " bytes of other requests, its limit is " + capacity + "; retry later");
            }
            held += bytes;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                reserved.addAndGet(-held);
                held = 0;
            }
        }
    }
}
