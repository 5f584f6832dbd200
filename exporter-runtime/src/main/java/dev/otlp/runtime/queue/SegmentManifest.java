package dev.otlp.runtime.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The segments of a {@link SegmentLog} that hold acknowledged data: a segment is noted once its
 * first record is stored, and noted again just before it is deleted because every record in it
 * was delivered. A segment noted and not deleted that is missing or empty on disk was lost, even
 * when it was the first or the last one; one noted deleted and still on disk was delivered, and the
 * process died before its files were gone. Rewritten at each start with only the segments left.
 */
final class SegmentManifest {

    private static final String FILE = "segments.manifest";
    private static final byte STORED = 'S';
    private static final byte DELETED = 'D';
    private static final int ENTRY_BYTES = 1 + Long.BYTES;

    private final Path file;
    private final boolean force;
    private final Set<Long> undeleted;
    private final Set<Long> deleted;
    private FileChannel channel;

    private SegmentManifest(Path file, boolean force, Set<Long> undeleted, Set<Long> deleted) {
        this.file = file;
        this.force = force;
        this.undeleted = undeleted;
        this.deleted = deleted;
    }

    /** @param force whether each entry is forced to the device ({@code sync = "fsync"}) */
    static SegmentManifest open(Path directory, boolean force) throws IOException {
        Path file = directory.resolve(FILE);
        Set<Long> undeleted = new TreeSet<>();
        Set<Long> deleted = new TreeSet<>();
        if (Files.exists(file)) {
            ByteBuffer entries = ByteBuffer.wrap(Files.readAllBytes(file));
            while (entries.remaining() >= ENTRY_BYTES) {
                byte kind = entries.get();
                long id = entries.getLong();
                if (kind == STORED) {
                    undeleted.add(id);
                    deleted.remove(id);
                } else if (kind == DELETED) {
                    undeleted.remove(id);
                    deleted.add(id);
                }
            }
        }
        SegmentManifest manifest = new SegmentManifest(file, force, undeleted, deleted);
        manifest.channel = manifest.append();
        return manifest;
    }

    /** Segments noted as holding data and not deleted, as the previous run left them. */
    Set<Long> undeleted() {
        return Set.copyOf(undeleted);
    }

    /**
     * Segments the previous run noted as deleted, every record delivered: one still on disk is what a
     * death between the note and the removal of its files left.
     */
    Set<Long> deleted() {
        return Set.copyOf(deleted);
    }

    synchronized void stored(long id) throws IOException {
        write(STORED, id);
    }

    synchronized void deleted(long id) throws IOException {
        write(DELETED, id);
    }

    /** Replaces the manifest by one noting only {@code live}, the segments still holding data. */
    synchronized void rewrite(Collection<Long> live) throws IOException {
        Path next = file.resolveSibling(FILE + ".next");
        ByteBuffer entries = ByteBuffer.allocate(live.size() * ENTRY_BYTES);
        live.forEach(id -> entries.put(STORED).putLong(id));
        entries.flip();
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (entries.hasRemaining()) {
                out.write(entries);
            }
            if (force) {
                out.force(true);
            }
        }
        channel.close();
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = append();
    }

    private FileChannel append() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void write(byte kind, long id) throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES).put(kind).putLong(id).flip();
        while (entry.hasRemaining()) {
            channel.write(entry);
        }
        if (force) {
            channel.force(false);
        }
    }

    synchronized void close() throws IOException {
        channel.close();
    }
}
