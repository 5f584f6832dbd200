package dev.otlp.runtime.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * One file of a {@link SegmentLog}: records appended at its end until it is sealed, and beside it
 * its {@link SegmentAcks}. It is deleted once it is sealed and every record in it was delivered,
 * unless it holds records of a format this runtime cannot read: then it is kept for one that can.
 */
final class Segment {

    private static final Logger log = LoggerFactory.getLogger(Segment.class);
    private static final String SUFFIX = ".seg";
    private static final String ACKS_SUFFIX = ".acks";

    private final long id;
    private final Path file;
    private final FileChannel channel;
    private final SegmentAcks acks;
    private long size;
    private boolean sealed;
    private boolean kept;
    private boolean deleted;

    private Segment(long id, Path directory, FileChannel channel, long size, boolean sealed) {
        this.id = id;
        this.file = file(directory, id);
        this.acks = new SegmentAcks(acksFile(directory, id));
        this.channel = channel;
        this.size = size;
        this.sealed = sealed;
    }

    /** A new, empty segment to append to. */
    static Segment create(Path directory, long id) throws IOException {
        FileChannel channel = FileChannel.open(file(directory, id),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(id, directory, channel, 0, false);
    }

    /** A segment a previous run left: sealed, its records only to replay and deliver. */
    static Segment open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(idOf(file), file.getParent(), channel, channel.size(), true);
    }

    static boolean isSegment(Path file) {
        return hasName(file, SUFFIX);
    }

    /** An acks file, whose segment may be missing. */
    static boolean isAcks(Path file) {
        return hasName(file, ACKS_SUFFIX);
    }

    private static boolean hasName(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.endsWith(suffix) && name.length() == 20 + suffix.length()
                && name.chars().limit(20).allMatch(Character::isDigit);
    }

    static Path file(Path directory, long id) {
        return directory.resolve(String.format("%020d%s", id, SUFFIX));
    }

    static Path acksFile(Path directory, long id) {
        return directory.resolve(String.format("%020d%s", id, ACKS_SUFFIX));
    }

    static long idOf(Path file) {
        return Long.parseLong(file.getFileName().toString().substring(0, 20));
    }

    long id() {
        return id;
    }

    /** Bytes in the file, every one of them a record (or damage a replay found). */
    synchronized long size() {
        return size;
    }

    synchronized boolean sealed() {
        return sealed;
    }

    /** Whether more records may be appended: not sealed and not yet {@code limit} bytes long. */
    synchronized boolean takesAppends(long limit) {
        return !sealed && size < limit;
    }

    /**
     * Appends the records whole, or none of them: after a failed write the file is cut back to where
     * it was, and when even that fails the segment is sealed.
     *
     * @return the position of the first record
     */
    synchronized long append(ByteBuffer[] records, long bytes) throws IOException {
        long start = size;
        try {
            long written = 0;
            while (written < bytes) {
                written += channel.write(records);
            }
        } catch (IOException e) {
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException cannotCutBack) {
                sealed = true;
            }
            throw e;
        }
        size = start + bytes;
        return start;
    }

    /** Forces what was appended to the device; nothing to do once the segment was sealed with a force, or deleted. */
    void force() throws IOException {
        try {
            channel.force(false);
        } catch (ClosedChannelException sealedAndForcedOrDeleted) {
            // nothing left to force
        }
    }

    /** Takes no more appends; {@code force} first forces what it holds to the device. */
    synchronized void seal(boolean force) throws IOException {
        if (force && !sealed) {
            channel.force(false);
        }
        sealed = true;
    }

    /** Every byte of the segment, to replay. */
    synchronized MappedByteBuffer map() throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }

    /** Cuts a damaged tail off at {@code position}, where the last intact record ends. */
    synchronized void truncate(long position) throws IOException {
        channel.truncate(position);
        size = position;
    }

    /** Keeps the file whatever is delivered: it holds records this runtime refused to read. */
    synchronized void keep() {
        kept = true;
    }

    /** The serialized request of {@code length} bytes at {@code payload}. */
    byte[] read(long payload, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer target = ByteBuffer.wrap(bytes);
        while (target.hasRemaining()) {
            if (channel.read(target, payload + target.position()) < 0) {
                throw new IOException("segment " + file + " ends before the record at " + payload);
            }
        }
        return bytes;
    }

    boolean hasAcks() {
        return acks.any();
    }

    Set<Long> previouslyDelivered() throws IOException {
        return acks.previouslyDelivered();
    }

    void expect(int records) {
        acks.expect(records);
    }

    /** @return whether every record of the segment is now delivered */
    boolean delivered(List<Long> positions) throws IOException {
        return acks.delivered(positions);
    }

    boolean allDelivered() {
        return acks.allDelivered();
    }

    /**
     * Deletes the segment and its acks file, once {@code manifest} notes the deletion; returns the
     * bytes freed. A segment whose deletion cannot be noted stays, to be found delivered and deleted
     * after the next start; a kept one stays for good.
     */
    synchronized long delete(SegmentManifest manifest) throws IOException {
        if (deleted || kept) {
            return 0;
        }
        try {
            manifest.deleted(id);
        } catch (IOException e) {
            log.warn("cannot note the deletion of {} in its queue's manifest ({}); it is deleted after the next start",
                    this, e.getMessage());
            return 0;
        }
        deleted = true;
        channel.close();
        acks.delete();
        Files.deleteIfExists(file);
        return size;
    }

    void close() throws IOException {
        channel.close();
        acks.close();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
