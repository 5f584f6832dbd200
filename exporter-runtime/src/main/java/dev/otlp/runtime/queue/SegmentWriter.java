package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig.Sync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * The appending end of a {@link SegmentLog}: writes requests to the active segment, starts a new
 * one when it is full, and with {@code sync = "fsync"} returns only once the append is on the
 * device ({@link GroupCommit}); writes records moved out of an older segment to one of their own.
 */
final class SegmentWriter {

    private static final Logger log = LoggerFactory.getLogger(SegmentWriter.class);

    private final Path directory;
    private final Sync sync;
    private final long segmentBytes;
    private final SegmentManifest manifest;
    private final QueueBudget budget;
    private final GroupCommit commit = new GroupCommit(this::forceAppended);
    private Segment active;
    private long nextId;
    private long appended;

    /** @param nextId the number of the first segment this writer creates, past every one on disk */
    SegmentWriter(Path directory, Sync sync, long segmentBytes, SegmentManifest manifest, QueueBudget budget, long nextId) {
        this.directory = directory;
        this.sync = sync;
        this.segmentBytes = segmentBytes;
        this.manifest = manifest;
        this.budget = budget;
        this.nextId = nextId;
    }

    /**
     * Appends every part, or none; {@code stored} is told where each one is, in order, before any
     * later append.
     *
     * @param bytes the parts' size as records, reserved in the budget by the caller
     * @return the append's sequence number, for {@link #commit}
     * @throws IOException when nothing was appended
     */
    synchronized long append(List<Payload> parts, long bytes, Consumer<SegmentLog.Location> stored) throws IOException {
        Segment segment = writable();
        long position = segment.append(records(parts), bytes);
        if (position == 0) {
            noteStored(segment);
        }
        locate(segment, position, parts, stored);
        return ++appended;
    }

    private static ByteBuffer[] records(List<Payload> parts) {
        ByteBuffer[] records = new ByteBuffer[parts.size() * 2];
        for (int i = 0; i < parts.size(); i++) {
            records[2 * i] = RecordFormat.header(parts.get(i));
            records[2 * i + 1] = ByteBuffer.wrap(parts.get(i).bytes());
        }
        return records;
    }

    /** Tells {@code stored} where each part now is, in order: from {@code position} on in {@code segment}. */
    private static void locate(Segment segment, long position, List<Payload> parts, Consumer<SegmentLog.Location> stored) {
        long at = position;
        for (Payload part : parts) {
            stored.accept(new SegmentLog.Location(segment, at, at + RecordFormat.HEADER_BYTES, part.sizeBytes(),
                    part.items(), part.receivedAtMillis()));
            at += RecordFormat.size(part);
        }
    }

    /**
     * Appends every part, or none, to a new segment of their own, sealed at once (with {@code sync =
     * "fsync"}, forced to the device first): records moved out of an older segment, kept apart from
     * new ones so that they keep no more than themselves on disk.
     */
    synchronized void appendApart(List<Payload> parts, long bytes, Consumer<SegmentLog.Location> stored) throws IOException {
        Segment segment = create();
        long position;
        try {
            position = segment.append(records(parts), bytes);
            segment.seal(sync == Sync.FSYNC);
        } catch (IOException e) {
            segment.delete(manifest);
            throw e;
        }
        noteStored(segment);
        locate(segment, position, parts, stored);
    }

    /** With {@code sync = "fsync"}, returns once append {@code sequence} is on the device; at once otherwise. */
    void commit(long sequence) throws IOException {
        if (sync == Sync.FSYNC) {
            commit.await(sequence);
        }
    }

    private long forceAppended() throws IOException {
        long covered;
        Segment segment;
        synchronized (this) {
            covered = appended;
            segment = active;
        }
        if (segment != null) {
            segment.force();
        }
        return covered;
    }

    /** Notes in the manifest that {@code segment} holds data, so that its loss is noticed after a restart. */
    private void noteStored(Segment segment) {
        try {
            manifest.stored(segment.id());
        } catch (IOException e) {
            log.warn("cannot note {} in its queue's manifest ({}); were the segment lost, its loss would go unnoticed",
                    segment, e.getMessage());
        }
    }

    /** The segment to append to: the active one, or a new one when it is full or was sealed. */
    private Segment writable() throws IOException {
        if (active != null && active.takesAppends(segmentBytes)) {
            return active;
        }
        if (active != null) {
            active.seal(sync == Sync.FSYNC);
            if (active.allDelivered()) {
                budget.release(0, active.delete(manifest));
            }
        }
        active = create();
        return active;
    }

    private Segment create() throws IOException {
        Segment segment = Segment.create(directory, nextId++);
        if (sync == Sync.FSYNC) {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
        return segment;
    }

    /**
     * Whether {@code segment}, found with every record delivered, may now be deleted: still so once no
     * record can be appended to it any more. The active one is sealed then; one appended to and sealed
     * since it was found so may not (its new records are not delivered).
     */
    synchronized boolean retire(Segment segment) throws IOException {
        if (segment != active) {
            return segment.allDelivered();
        }
        if (!segment.allDelivered()) {
            return false;
        }
        segment.seal(sync == Sync.FSYNC);
        active = null;
        return true;
    }

    /** Seals the active segment, forcing it with {@code sync = "fsync"}, and closes it. */
    synchronized void close() throws IOException {
        if (active != null) {
            active.seal(sync == Sync.FSYNC);
            active.close();
        }
    }
}
