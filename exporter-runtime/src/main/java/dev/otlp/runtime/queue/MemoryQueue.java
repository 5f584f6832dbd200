package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The queue in memory, bounded in items and bytes: lost with the process, but nothing is written. */
public final class MemoryQueue extends BoundedQueue {

    private final Map<Signal, LinkedBlockingQueue<InMemory>> waiting = new EnumMap<>(Signal.class);
    private final Map<Signal, AtomicLong> held = new EnumMap<>(Signal.class);

    public MemoryQueue(long maxItems, long maxBytes) {
        super(new QueueBudget(maxItems, maxBytes));
        for (Signal signal : Signal.values()) {
            waiting.put(signal, new LinkedBlockingQueue<>());
            held.put(signal, new AtomicLong());
        }
    }

    private record InMemory(Payload payload) implements Held {
    }

    @Override
    public Admission offer(List<Payload> parts) {
        int items = 0;
        long bytes = 0;
        for (Payload part : parts) {
            items += part.items();
            bytes += part.sizeBytes();
        }
        if (!budget.tryReserve(items, bytes)) {
            return Admission.QUEUE_FULL;
        }
        for (Payload part : parts) {
            held.get(part.signal()).addAndGet(part.items());
            waiting.get(part.signal()).add(new InMemory(part));
        }
        return Admission.ACCEPTED;
    }

    @Override
    public Held take(Signal signal, long timeoutNanos) throws InterruptedException {
        return waiting.get(signal).poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void acknowledge(List<Held> done) {
        for (Held entry : done) {
            Payload payload = entry.payload();
            held.get(payload.signal()).addAndGet(-payload.items());
            budget.release(payload.items(), payload.sizeBytes());
        }
    }

    @Override
    public long items(Signal signal) {
        return held.get(signal).get();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public void close() {
        waiting.values().forEach(LinkedBlockingQueue::clear);
    }
}
