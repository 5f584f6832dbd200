package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery bookkeeping of a {@link SegmentLog}: the records stored and not yet taken, in the
 * order they were stored; for each segment, how many of its records wait to be taken and which
 * were taken and are not yet delivered; the items held until delivered; where a record taken from
 * one segment was moved to since ({@link Stragglers}); and the deletion of delivered segments.
 */
final class Deliveries {

    private final Signal signal;
    private final QueueBudget budget;
    private final SegmentManifest manifest;
    private final LinkedBlockingQueue<SegmentLog.Location> unsent = new LinkedBlockingQueue<>();
    private final AtomicLong held = new AtomicLong();
    /** Segments with records not yet delivered. */
    private final Map<Segment, Pending> pending = new LinkedHashMap<>();
    private final Map<SegmentLog.Location, SegmentLog.Location> moved = new HashMap<>();

    /** One segment's records not yet delivered: how many wait to be taken, and those taken, by position. */
    private static final class Pending {
        private int unsent;
        private final Map<Long, Taken> taken = new HashMap<>();
    }

    /** A record taken, and when ({@link System#nanoTime}). */
    private record Taken(SegmentLog.Location location, long atNanos) {
    }

    Deliveries(Signal signal, QueueBudget budget, SegmentManifest manifest) {
        this.signal = signal;
        this.budget = budget;
        this.manifest = manifest;
    }

    /** A record stored, appended or replayed, to be taken and delivered. */
    void stored(SegmentLog.Location location) {
        location.segment().expect(1);
        synchronized (this) {
            pending.computeIfAbsent(location.segment(), segment -> new Pending()).unsent++;
        }
        held.addAndGet(location.items());
        unsent.add(location);
    }

    /**
     * The next record not yet taken, read back from its segment; null when none came within the
     * timeout. It is read before it counts as taken, so that its segment, still waiting for it,
     * cannot be relocated meanwhile.
     */
    SegmentLog.Held take(long timeoutNanos) throws InterruptedException {
        SegmentLog.Location location = unsent.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (location == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = location.segment().read(location.payload(), location.length());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back a " + signal.key() + " request from " + location.segment(), e);
        }
        synchronized (this) {
            Pending records = pending.get(location.segment());
            records.unsent--;
            records.taken.put(location.position(), new Taken(location, System.nanoTime()));
        }
        return new SegmentLog.Held(location, new Payload(signal, bytes, location.items(), location.receivedAtMillis()));
    }

    /** Where {@code location}, as it was taken, is now: itself unless it was moved. */
    synchronized SegmentLog.Location current(SegmentLog.Location location) {
        SegmentLog.Location now = location;
        SegmentLog.Location next;
        while ((next = moved.remove(now)) != null) {
            now = next;
        }
        return now;
    }

    /**
     * Notes records of one segment, as they are now, as delivered and releases their items.
     *
     * @return whether every record stored in the segment so far is now delivered
     */
    boolean delivered(Segment segment, List<SegmentLog.Location> records) throws IOException {
        int items = records.stream().mapToInt(SegmentLog.Location::items).sum();
        budget.release(items, 0);
        held.addAndGet(-items);
        synchronized (this) {
            Pending waiting = pending.get(segment);
            if (waiting != null) {
                records.forEach(record -> waiting.taken.remove(record.position()));
            }
        }
        return segment.delivered(records.stream().map(SegmentLog.Location::position).toList());
    }

    /** Deletes a segment every record of which was delivered, once the manifest notes it, and forgets it. */
    void remove(Segment segment) throws IOException {
        budget.release(0, segment.delete(manifest));
        synchronized (this) {
            pending.remove(segment);
        }
    }

    /**
     * The sealed segments whose records were all taken and of which only records taken before
     * {@code takenBeforeNanos} are not yet delivered, with those records: the stragglers of batches
     * that do not settle, which keep their whole file.
     */
    synchronized Map<Segment, List<SegmentLog.Location>> stragglers(long takenBeforeNanos) {
        pending.values().removeIf(records -> records.unsent == 0 && records.taken.isEmpty());
        Map<Segment, List<SegmentLog.Location>> stragglers = new LinkedHashMap<>();
        pending.forEach((segment, records) -> {
            if (records.unsent == 0 && !records.taken.isEmpty() && segment.sealed()
                    && records.taken.values().stream().allMatch(taken -> taken.atNanos() - takenBeforeNanos <= 0)) {
                stragglers.put(segment, records.taken.values().stream().map(Taken::location).toList());
            }
        });
        return stragglers;
    }

    /**
     * Notes that a taken record was copied: its delivery is now noted at {@code copy}, which counts as
     * taken when the original was, and the segment it came from no longer waits for it.
     */
    synchronized void moved(SegmentLog.Location original, SegmentLog.Location copy) {
        moved.put(original, copy);
        Taken taken = pending.get(original.segment()).taken.remove(original.position());
        pending.computeIfAbsent(copy.segment(), segment -> new Pending()).taken
                .put(copy.position(), new Taken(copy, taken.atNanos()));
    }

    /** Items stored and not yet delivered. */
    long items() {
        return held.get();
    }

    /** The segments with records not yet delivered. */
    synchronized Set<Segment> segments() {
        return Set.copyOf(pending.keySet());
    }
}
