package dev.otlp.runtime.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The delivery notes of one {@link Segment}: a file beside it of the positions of its records
 * already delivered, so that a restart replays only the rest, and the count of records still to
 * deliver before the segment can go.
 */
final class SegmentAcks {

    private final Path file;
    private FileChannel channel;
    private int expected;
    private int delivered;

    SegmentAcks(Path file) {
        this.file = file;
    }

    /** Whether a previous run or this one noted any record as delivered. */
    synchronized boolean any() {
        return channel != null || Files.exists(file);
    }

    /** Positions of the records a previous run delivered. A torn last entry is ignored. */
    Set<Long> previouslyDelivered() throws IOException {
        Set<Long> positions = new HashSet<>();
        if (!Files.exists(file)) {
            return positions;
        }
        ByteBuffer entries = ByteBuffer.wrap(Files.readAllBytes(file));
        while (entries.remaining() >= Long.BYTES) {
            positions.add(entries.getLong());
        }
        return positions;
    }

    /** Counts records that must be delivered before the segment can go. */
    synchronized void expect(int count) {
        expected += count;
    }

    /**
     * Notes records as delivered. Losing the note (a crash before the kernel has it) only means
     * those records are sent again after a restart, so it is never forced to the device.
     *
     * @return whether every record expected is now delivered
     */
    synchronized boolean delivered(List<Long> positions) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        ByteBuffer entries = ByteBuffer.allocate(positions.size() * Long.BYTES);
        positions.forEach(entries::putLong);
        entries.flip();
        while (entries.hasRemaining()) {
            channel.write(entries);
        }
        delivered += positions.size();
        return delivered >= expected;
    }

    synchronized boolean allDelivered() {
        return delivered >= expected;
    }

    synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    synchronized void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }
}
