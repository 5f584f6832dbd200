package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One signal's part of the persistent queue: an append-only log of segment files in its own
 * directory. Requests are appended before they are acknowledged ({@link SegmentWriter}); batchers
 * take them in order and delivered records are noted ({@link Deliveries}); a segment is deleted
 * once all of its records are delivered, or once the few it still holds, taken by batches that do
 * not settle, were moved to a segment of their own ({@link Stragglers}). On start every record not
 * delivered before is replayed and damage is repaired or reported ({@link SegmentReplay}).
 */
final class SegmentLog {

    private static final Logger log = LoggerFactory.getLogger(SegmentLog.class);

    private final Signal signal;
    private final Path directory;
    private final QueueBudget budget;
    private final SegmentManifest manifest;
    private final Deliveries deliveries;
    private final SegmentWriter writer;
    private final Stragglers stragglers;
    /** Held while deliveries are noted and stuck records moved, so that a delivery never misses a move. */
    private final Object moving = new Object();
    private final long stuckAfterNanos;

    /**
     * Where one record is, and what it holds.
     *
     * @param position where the record starts: how its delivery is noted
     * @param payload  where its serialized request starts
     */
    record Location(Segment segment, long position, long payload, int length, int items, long receivedAtMillis) {
    }

    /** A record taken from this log. */
    record Held(Location location, Payload payload) implements PayloadQueue.Held {
    }

    private SegmentLog(Signal signal, Path directory, QueueBudget budget, SegmentManifest manifest,
                       Deliveries deliveries, SegmentWriter writer, Duration stuckAfter) {
        this.signal = signal;
        this.directory = directory;
        this.budget = budget;
        this.manifest = manifest;
        this.deliveries = deliveries;
        this.writer = writer;
        this.stragglers = new Stragglers(signal, budget, writer, deliveries);
        this.stuckAfterNanos = stuckAfter.toNanos();
    }

    /**
     * Opens the log in {@code directory}, creating it if needed, and replays what a previous run left.
     *
     * @param corruption told of each damaged stretch of a segment that was skipped or truncated, of each
     *                   segment that held data and is missing or empty, and of each segment refused for
     *                   a format version this runtime does not read
     * @param stuckAfter how long a record taken and not delivered may keep its segment, once every other
     *                   record in it was delivered, before it is moved to a segment of its own
     */
    static SegmentLog open(Signal signal, Path directory, Sync sync, long segmentBytes, QueueBudget budget,
                           Corruption corruption, Duration stuckAfter) throws IOException {
        Files.createDirectories(directory);
        SegmentManifest manifest = SegmentManifest.open(directory, sync == Sync.FSYNC);
        Deliveries deliveries = new Deliveries(signal, budget, manifest);
        try {
            long nextId = new SegmentReplay(signal, directory, manifest, budget, corruption, deliveries).run();
            SegmentWriter writer = new SegmentWriter(directory, sync, segmentBytes, manifest, budget, nextId);
            return new SegmentLog(signal, directory, budget, manifest, deliveries, writer, stuckAfter);
        } catch (IOException | RuntimeException e) {
            manifest.close();
            throw e;
        }
    }

    /**
     * Appends every part, or none. Returns once they are stored as {@code sync} promises.
     *
     * @return {@link Admission#QUEUE_FULL} when the disk budget or the disk itself is full
     */
    Admission append(List<Payload> parts) {
        long bytes = parts.stream().mapToLong(RecordFormat::size).sum();
        int items = parts.stream().mapToInt(Payload::items).sum();
        if (!budget.tryReserve(items, bytes)) {
            return Admission.QUEUE_FULL;
        }
        long sequence;
        try {
            sequence = writer.append(parts, bytes, deliveries::stored);
        } catch (IOException e) {
            budget.release(items, bytes);
            log.warn("cannot append to the {} queue in {} ({}); refusing new data until there is room",
                    signal.key(), directory, e.getMessage());
            return Admission.QUEUE_FULL;
        }
        try {
            writer.commit(sequence);
        } catch (IOException e) {
            log.error("cannot force the {} queue to the device: {}", signal.key(), e.getMessage());
            return Admission.QUEUE_FULL;
        }
        return Admission.ACCEPTED;
    }

    /** The next record not yet taken, read back from its segment; null when none came within the timeout. */
    Held take(long timeoutNanos) throws InterruptedException {
        return deliveries.take(timeoutNanos);
    }

    /**
     * Notes records as delivered, wherever they were moved since they were taken, and deletes each
     * segment with nothing left to send. Then each sealed segment kept only by records taken more than
     * {@code stuckAfter} ago and still undelivered has them moved ({@link Stragglers}).
     */
    void delivered(List<Location> records) throws IOException {
        synchronized (moving) {
            Map<Segment, List<Location>> bySegment = new LinkedHashMap<>();
            for (Location record : records) {
                Location now = deliveries.current(record);
                bySegment.computeIfAbsent(now.segment(), segment -> new ArrayList<>()).add(now);
            }
            for (Map.Entry<Segment, List<Location>> delivered : bySegment.entrySet()) {
                Segment segment = delivered.getKey();
                if (deliveries.delivered(segment, delivered.getValue()) && writer.retire(segment)) {
                    deliveries.remove(segment);
                }
            }
            deliveries.stragglers(System.nanoTime() - stuckAfterNanos).forEach(stragglers::relocate);
        }
    }

    /** Items appended or replayed and not yet delivered. */
    long items() {
        return deliveries.items();
    }

    void close() {
        try {
            writer.close();
        } catch (IOException e) {
            log.warn("closing the {} queue's active segment: {}", signal.key(), e.getMessage());
        }
        for (Segment segment : deliveries.segments()) {
            try {
                segment.close();
            } catch (IOException e) {
                log.warn("closing {}: {}", segment, e.getMessage());
            }
        }
        try {
            manifest.close();
        } catch (IOException e) {
            log.warn("closing the {} queue's manifest: {}", signal.key(), e.getMessage());
        }
    }
}
