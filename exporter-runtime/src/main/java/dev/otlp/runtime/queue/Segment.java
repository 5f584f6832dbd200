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
 * One file of a {@link SegmentLog}: records appended at its end, and beside it a file of the
 * positions of records already delivered, so that a restart replays only the rest. The segment is
 * deleted once it is sealed (no more appends) and every record in it was delivered.
 */
final class Segment {

    private static final String SUFFIX = ".seg";
    private static final String ACKS_SUFFIX = ".acks";

    final long id;
    private final Path file;
    private final Path acksFile;
    final FileChannel channel;
    private FileChannel acks;
    /** Bytes in the file; written under the log's lock. */
    long size;
    private int records;
    private int delivered;
    private boolean deleted;
    boolean sealed;

    private Segment(long id, Path directory, FileChannel channel, long size) {
        this.id = id;
        this.file = directory.resolve(name(id));
        this.acksFile = acksFile(directory, id);
        this.channel = channel;
        this.size = size;
    }

    static Segment create(Path directory, long id) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(name(id)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(id, directory, channel, 0);
    }

    static Segment open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(idOf(file), file.getParent(), channel, channel.size());
    }

    static boolean isSegment(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()
                && name.chars().limit(20).allMatch(Character::isDigit);
    }

    /** An acks file, whose segment may be missing. */
    static boolean isAcks(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(ACKS_SUFFIX) && name.length() == 20 + ACKS_SUFFIX.length()
                && name.chars().limit(20).allMatch(Character::isDigit);
    }

    static Path file(Path directory, long id) {
        return directory.resolve(name(id));
    }

    static Path acksFile(Path directory, long id) {
        return directory.resolve(String.format("%020d%s", id, ACKS_SUFFIX));
    }

    static long idOf(Path file) {
        return Long.parseLong(file.getFileName().toString().substring(0, 20));
    }

    private static String name(long id) {
        return String.format("%020d%s", id, SUFFIX);
    }

    /** Whether a previous run or this one noted any record of this segment as delivered. */
    synchronized boolean hasAcks() {
        return acks != null || Files.exists(acksFile);
    }

    /** Positions of the records a previous run delivered. A torn last entry is ignored. */
    Set<Long> deliveredPositions() throws IOException {
        Set<Long> positions = new HashSet<>();
        if (!Files.exists(acksFile)) {
            return positions;
        }
        ByteBuffer entries = ByteBuffer.wrap(Files.readAllBytes(acksFile));
        while (entries.remaining() >= Long.BYTES) {
            positions.add(entries.getLong());
        }
        return positions;
    }

    byte[] read(long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer target = ByteBuffer.wrap(bytes);
        long at = position + RecordFormat.HEADER_BYTES;
        while (target.hasRemaining()) {
            if (channel.read(target, at + target.position()) < 0) {
                throw new IOException("segment " + file + " ends before the record at " + position);
            }
        }
        return bytes;
    }

    /**
     * Notes records as delivered. Losing the note (a crash before the kernel has it) only means
     * those records are sent again after a restart, so it is never forced to the device.
     *
     * @return whether every record of the segment is now delivered
     */
    synchronized boolean delivered(List<Long> positions) throws IOException {
        if (acks == null) {
            acks = FileChannel.open(acksFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        ByteBuffer entries = ByteBuffer.allocate(positions.size() * Long.BYTES);
        positions.forEach(entries::putLong);
        entries.flip();
        while (entries.hasRemaining()) {
            acks.write(entries);
        }
        delivered += positions.size();
        return delivered >= records;
    }

    /** Counts records that must be delivered before the segment can go. */
    synchronized void expect(int count) {
        records += count;
    }

    synchronized boolean allDelivered() {
        return delivered >= records;
    }

    /** Closes and removes both files; returns the bytes freed, nothing when already deleted. */
    synchronized long delete() throws IOException {
        if (deleted) {
            return 0;
        }
        deleted = true;
        channel.close();
        if (acks != null) {
            acks.close();
        }
        Files.deleteIfExists(acksFile);
        Files.deleteIfExists(file);
        return size;
    }

    void close() throws IOException {
        channel.close();
        synchronized (this) {
            if (acks != null) {
                acks.close();
            }
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
