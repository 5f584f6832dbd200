package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * One signal's part of the persistent queue: an append-only log of segment files in its own
 * directory. Requests are appended (and, with {@code sync = "fsync"}, forced to the device, one
 * force shared by every request appended meanwhile) before they are acknowledged; batchers take
 * them in order; delivered records are noted, and a segment is deleted once all of its records
 * are delivered. On start every record not delivered before is replayed; damaged bytes are
 * skipped to the next intact record, a torn tail is truncated, and a segment the
 * {@link SegmentManifest} expects that is missing or empty is reported.
 */
final class SegmentLog {

    private static final Logger log = LoggerFactory.getLogger(SegmentLog.class);

    private final Signal signal;
    private final Path directory;
    private final Sync sync;
    private final long segmentBytes;
    private final QueueBudget budget;
    private final LinkedBlockingQueue<Location> unsent = new LinkedBlockingQueue<>();
    private final AtomicLong held = new AtomicLong();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition synced = syncLock.newCondition();
    private Segment active;
    private long nextId;
    private long appended;
    private long forced;
    private boolean forcing;
    private SegmentManifest manifest;

    /** Where one record is, and what it holds. */
    record Location(Segment segment, long position, int length, int items, long receivedAtMillis) {
    }

    private SegmentLog(Signal signal, Path directory, Sync sync, long segmentBytes, QueueBudget budget) {
        this.signal = signal;
        this.directory = directory;
        this.sync = sync;
        this.segmentBytes = segmentBytes;
        this.budget = budget;
    }

    /**
     * Opens the log in {@code directory}, creating it if needed, and replays what a previous run left.
     *
     * @param corruption told of each damaged stretch of a segment that was skipped or truncated, and of
     *                   each segment that held data and is missing or empty
     */
    static SegmentLog open(Signal signal, Path directory, Sync sync, long segmentBytes, QueueBudget budget,
                           Corruption corruption) throws IOException {
        Files.createDirectories(directory);
        SegmentLog segmentLog = new SegmentLog(signal, directory, sync, segmentBytes, budget);
        segmentLog.manifest = SegmentManifest.open(directory, sync == Sync.FSYNC);
        try {
            segmentLog.replay(corruption);
        } catch (IOException | RuntimeException e) {
            segmentLog.manifest.close();
            throw e;
        }
        return segmentLog;
    }

    private void replay(Corruption corruption) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        Set<Long> acked = new TreeSet<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.forEach(file -> {
                if (Segment.isSegment(file)) {
                    files.put(Segment.idOf(file), file);
                } else if (Segment.isAcks(file)) {
                    acked.add(Segment.idOf(file));
                }
            });
        }
        Set<Long> noted = manifest.undeleted();
        reportMissing(noted, files.keySet(), acked, corruption);
        List<Long> live = new ArrayList<>();
        for (Path file : files.values()) {
            Segment segment = Segment.open(file);
            nextId = Math.max(nextId, segment.id + 1);
            segment.sealed = true;
            if (segment.size == 0) {
                // only the last segment can be empty and fine: created, and the process died before its first append
                if (noted.contains(segment.id) || segment.hasAcks() || segment.id != files.lastKey()) {
                    log.warn("{} is empty: {} it held are lost", segment, lostItems(OptionalLong.empty()));
                    corruption.found(signal, OptionalLong.empty());
                }
                remove(segment);
                continue;
            }
            int replayed = replay(segment, corruption);
            budget.force(0, segment.size);
            if (replayed == 0) {
                budget.release(0, remove(segment));
            } else {
                live.add(segment.id);
                log.info("replaying {} {} requests held in {}", replayed, signal.key(), segment);
            }
        }
        manifest.rewrite(live);
    }

    /**
     * Reports each segment that should be here and is not: noted in the manifest as holding data and
     * never deleted, or named by an acks file. (A gap in the numbering alone says nothing: segments
     * are deleted in the order their records are delivered.) Its acks file, now useless, is removed.
     */
    private void reportMissing(Set<Long> noted, Set<Long> present, Set<Long> acked, Corruption corruption)
            throws IOException {
        Set<Long> expected = new TreeSet<>(noted);
        expected.addAll(acked);
        for (long id : expected) {
            nextId = Math.max(nextId, id + 1);
            if (present.contains(id)) {
                continue;
            }
            log.warn("{} is missing: {} it held are lost", Segment.file(directory, id), lostItems(OptionalLong.empty()));
            corruption.found(signal, OptionalLong.empty());
            manifest.deleted(id);
            Files.deleteIfExists(Segment.acksFile(directory, id));
        }
    }

    private int replay(Segment segment, Corruption corruption) throws IOException {
        Set<Long> delivered = segment.deliveredPositions();
        MappedByteBuffer bytes = segment.channel.map(FileChannel.MapMode.READ_ONLY, 0, segment.size);
        int replayed = 0;
        int position = 0;
        while (position < segment.size) {
            int length = RecordFormat.intactLength(bytes, position);
            if (length < 0) {
                int next = nextIntactRecord(bytes, position + 1);
                int end = next < 0 ? (int) segment.size : next;
                OptionalLong lost = RecordFormat.itemsIn(bytes, position, end, delivered);
                corruption.found(signal, lost);
                if (next < 0) {
                    log.warn("{}: {} damaged bytes at its end (a write the process did not finish, or damage), truncated: {}"
                            + " they held are lost", segment, segment.size - position, lostItems(lost));
                    segment.channel.truncate(position);
                    segment.size = position;
                    break;
                }
                log.warn("{}: {} damaged bytes at offset {} skipped: {} they held are lost; the records after them are"
                        + " replayed", segment, next - position, position, lostItems(lost));
                position = next;
                continue;
            }
            if (!delivered.contains((long) position)) {
                int items = RecordFormat.items(bytes, position);
                segment.expect(1);
                budget.force(items, 0);
                held.addAndGet(items);
                unsent.add(new Location(segment, position, length, items, RecordFormat.receivedAtMillis(bytes, position)));
                replayed++;
            }
            position += RecordFormat.HEADER_BYTES + length;
        }
        return replayed;
    }

    private static int nextIntactRecord(ByteBuffer bytes, int from) {
        for (int position = from; position + RecordFormat.HEADER_BYTES <= bytes.limit(); position++) {
            if (RecordFormat.intactLength(bytes, position) >= 0) {
                return position;
            }
        }
        return -1;
    }

    /** "2400 spans", or "an unknown number of spans", for a log line; counted in {@code otlp_dropped_items_total}. */
    private String lostItems(OptionalLong items) {
        String name = signal.itemName().replace('_', ' ');
        return items.isPresent() ? items.getAsLong() + " " + name : "an unknown number of " + name;
    }

    /**
     * Appends every part, or none. Returns once they are stored as {@code sync} promises.
     *
     * @return {@link Admission#QUEUE_FULL} when the disk budget or the disk itself is full
     */
    Admission append(List<Payload> parts) {
        long bytes = 0;
        int items = 0;
        ByteBuffer[] buffers = new ByteBuffer[parts.size() * 2];
        for (int i = 0; i < parts.size(); i++) {
            Payload part = parts.get(i);
            bytes += RecordFormat.size(part);
            items += part.items();
            buffers[2 * i] = RecordFormat.header(part);
            buffers[2 * i + 1] = ByteBuffer.wrap(part.bytes());
        }
        if (!budget.tryReserve(items, bytes)) {
            return Admission.QUEUE_FULL;
        }
        long sequence;
        synchronized (this) {
            Segment segment;
            try {
                segment = writable();
            } catch (IOException e) {
                budget.release(items, bytes);
                log.error("cannot start a new {} queue segment in {}: {}", signal.key(), directory, e.getMessage());
                return Admission.QUEUE_FULL;
            }
            long start = segment.size;
            try {
                long written = 0;
                while (written < bytes) {
                    written += segment.channel.write(buffers);
                }
            } catch (IOException e) {
                budget.release(items, bytes);
                undo(segment, start, e);
                return Admission.QUEUE_FULL;
            }
            segment.size = start + bytes;
            if (start == 0) {
                noteStored(segment);
            }
            segment.expect(parts.size());
            held.addAndGet(items);
            long position = start;
            for (Payload part : parts) {
                unsent.add(new Location(segment, position, part.sizeBytes(), part.items(), part.receivedAtMillis()));
                position += RecordFormat.size(part);
            }
            sequence = ++appended;
        }
        if (sync == Sync.FSYNC) {
            try {
                force(sequence);
            } catch (IOException e) {
                log.error("cannot force the {} queue to the device: {}", signal.key(), e.getMessage());
                return Admission.QUEUE_FULL;
            }
        }
        return Admission.ACCEPTED;
    }

    /** Notes in the manifest that {@code segment} holds data, so that its loss is noticed after a restart. */
    private void noteStored(Segment segment) {
        try {
            manifest.stored(segment.id);
        } catch (IOException e) {
            log.warn("cannot note {} in the {} queue's manifest ({}); were the segment lost, its loss would go unnoticed",
                    segment, signal.key(), e.getMessage());
        }
    }

    /**
     * Deletes a segment with nothing left to deliver, once the manifest notes it; returns the bytes freed. A
     * segment whose deletion cannot be noted stays, to be found delivered and deleted after the next start.
     */
    private long remove(Segment segment) throws IOException {
        try {
            manifest.deleted(segment.id);
        } catch (IOException e) {
            log.warn("cannot note the deletion of {} in the {} queue's manifest ({}); it is deleted after the next start",
                    segment, signal.key(), e.getMessage());
            return 0;
        }
        return segment.delete();
    }

    /** The segment to append to: the active one, or a new one when it is full or was sealed. */
    private Segment writable() throws IOException {
        if (active != null && active.size < segmentBytes && !active.sealed) {
            return active;
        }
        if (active != null && !active.sealed) {
            seal(active);
            if (active.allDelivered()) {
                budget.release(0, remove(active));
            }
        }
        active = Segment.create(directory, nextId++);
        if (sync == Sync.FSYNC) {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
        return active;
    }

    private void seal(Segment segment) throws IOException {
        if (sync == Sync.FSYNC) {
            segment.channel.force(false);
        }
        segment.sealed = true;
    }

    private void undo(Segment segment, long start, IOException cause) {
        log.warn("cannot append to the {} queue in {} ({}); refusing new data until there is room",
                signal.key(), directory, cause.getMessage());
        try {
            segment.channel.truncate(start);
            segment.channel.position(start);
        } catch (IOException e) {
            segment.sealed = true;
        }
    }

    /** Group commit: waits until a force covering append {@code sequence} has completed, doing it if nobody is. */
    private void force(long sequence) throws IOException {
        syncLock.lock();
        try {
            while (forced < sequence) {
                if (forcing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                forcing = true;
                long covered;
                Segment segment;
                synchronized (this) {
                    covered = appended;
                    segment = active;
                }
                syncLock.unlock();
                try {
                    if (segment != null) {
                        segment.channel.force(false);
                    }
                } catch (ClosedChannelException sealedAndForced) {
                    // the segment was sealed, which forced it, and delivered meanwhile
                } finally {
                    syncLock.lock();
                    forcing = false;
                    synced.signalAll();
                }
                forced = Math.max(forced, covered);
            }
        } finally {
            syncLock.unlock();
        }
    }

    /** The next record not yet taken, read back from its segment; null when none came within the timeout. */
    Held take(long timeoutNanos) throws InterruptedException {
        Location location = unsent.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (location == null) {
            return null;
        }
        try {
            byte[] bytes = location.segment().read(location.position(), location.length());
            return new Held(location, new Payload(signal, bytes, location.items(), location.receivedAtMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back a " + signal.key() + " request from " + location.segment(), e);
        }
    }

    /** A record taken from this log. */
    record Held(Location location, Payload payload) implements PayloadQueue.Held {
    }

    /** Notes records of one segment as delivered, and deletes the segment once nothing in it is left to send. */
    void delivered(Segment segment, List<Location> records) throws IOException {
        int items = records.stream().mapToInt(Location::items).sum();
        budget.release(items, 0);
        held.addAndGet(-items);
        boolean complete = segment.delivered(records.stream().map(Location::position).toList());
        if (!complete) {
            return;
        }
        synchronized (this) {
            if (segment == active) {
                if (!segment.allDelivered()) {
                    return;
                }
                seal(segment);
                active = null;
            }
        }
        budget.release(0, remove(segment));
    }

    /** Items appended or replayed and not yet delivered. */
    long items() {
        return held.get();
    }

    synchronized void close() {
        List<Segment> open = new ArrayList<>();
        if (active != null) {
            open.add(active);
        }
        unsent.forEach(location -> {
            if (!open.contains(location.segment())) {
                open.add(location.segment());
            }
        });
        for (Segment segment : open) {
            try {
                if (sync == Sync.FSYNC) {
                    segment.channel.force(false);
                }
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
