package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery bookkeeping of a {@link SegmentLog}: the records stored and not yet taken, in the
 * order they were stored, and the items held until delivered.
 */
final class Deliveries {

    private final Signal signal;
    private final QueueBudget budget;
    private final LinkedBlockingQueue<SegmentLog.Location> unsent = new LinkedBlockingQueue<>();
    private final AtomicLong held = new AtomicLong();

    Deliveries(Signal signal, QueueBudget budget) {
        this.signal = signal;
        this.budget = budget;
    }

    /** A record stored, appended or replayed, to be taken and delivered. */
    void stored(SegmentLog.Location location) {
        location.segment().expect(1);
        held.addAndGet(location.items());
        unsent.add(location);
    }

    /** The next record not yet taken, read back from its segment; null when none came within the timeout. */
    SegmentLog.Held take(long timeoutNanos) throws InterruptedException {
        SegmentLog.Location location = unsent.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (location == null) {
            return null;
        }
        try {
            byte[] bytes = location.segment().read(location.payload(), location.length());
            return new SegmentLog.Held(location, new Payload(signal, bytes, location.items(), location.receivedAtMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back a " + signal.key() + " request from " + location.segment(), e);
        }
    }

    /**
     * Notes records of one segment as delivered and releases their items.
     *
     * @return whether every record stored in the segment so far is now delivered
     */
    boolean delivered(Segment segment, List<SegmentLog.Location> records) throws IOException {
        int items = records.stream().mapToInt(SegmentLog.Location::items).sum();
        budget.release(items, 0);
        held.addAndGet(-items);
        return segment.delivered(records.stream().map(SegmentLog.Location::position).toList());
    }

    /** Items stored and not yet delivered. */
    long items() {
        return held.get();
    }

    /** The segments of the records not yet taken. */
    Set<Segment> segments() {
        Set<Segment> segments = new LinkedHashSet<>();
        unsent.forEach(location -> segments.add(location.segment()));
        return segments;
    }
}
