package dev.otlp.runtime.export;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/** A semaphore whose waiters get a future instead of blocking a thread. */
final class AsyncPermits {

    private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

    private final int permits;
    private final Queue<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;

    AsyncPermits(int permits) {
        this.permits = permits;
        this.available = permits;
    }

    synchronized CompletableFuture<Void> acquire() {
        if (available > 0) {
            available--;
            return GRANTED;
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                available++;
                return;
            }
        }
        next.complete(null);
    }

    synchronized int inUse() {
        return permits - available;
    }
}
