package dev.otlp.runtime.pipeline;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max_connections} batches in flight. The batcher that filled a batch waits for a slot
 * (so a slow upstream slows the batchers, and the full queue pushes back on clients); the batch then
 * leaves from a pool of sender threads, where concatenation and compression happen, and its slot is
 * freed once it is settled.
 */
final class InFlightLimit {

    private static final long SENDERS_STOP_TIMEOUT_SECONDS = 5;
    private static final AtomicInteger SENDER_THREADS = new AtomicInteger();

    private final Semaphore slots;
    private final ExecutorService senders = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), InFlightLimit::senderThread);

    InFlightLimit(int maxInFlight) {
        this.slots = new Semaphore(maxInFlight);
    }

    /** The sender threads, for work that must stop with them (a resend). */
    Executor senders() {
        return senders;
    }

    /** On the batcher's thread: waits for a slot, then has {@code next} send the batch on a sender thread. */
    void send(Batch batch, BatchSender next) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            senders.execute(() -> next.send(batch, slots::release));
        } catch (RejectedExecutionException stopped) {
            slots.release();
        }
    }

    /** Stops the sender threads; what was not sent yet stays held by the queue. */
    void stop() throws InterruptedException {
        slots.release(senders.shutdownNow().size());
        senders.awaitTermination(SENDERS_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static Thread senderThread(Runnable task) {
        Thread thread = new Thread(task, "sender-" + SENDER_THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
