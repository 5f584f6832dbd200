package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.otlp.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistent queue ({@code [queue] persistent = true}): one {@link SegmentLog} per signal
 * under {@code directory}, sharing the {@code max_items} and {@code max_disk_bytes} bounds. A
 * lock file keeps a second runtime from using the same directory.
 */
public final class DiskQueue extends BoundedQueue {

    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);
    private static final long MIN_SEGMENT_BYTES = 1L << 20;
    private static final long MAX_SEGMENT_BYTES = 64L << 20;

    private final Map<Signal, SegmentLog> logs = new EnumMap<>(Signal.class);
    private final FileChannel lockFile;
    private final FileLock lock;

    private DiskQueue(QueueBudget budget, FileChannel lockFile, FileLock lock) {
        super(budget);
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Opens the queue and replays what a previous run left undelivered.
     *
     * @param corruption told of each damaged stretch of a segment that was skipped or truncated, of each
     *                   segment that held data and is missing or empty, and of each segment refused for a format
     *                   version this runtime does not read
     * @throws IOException when the directory cannot be used, or another process holds it
     */
    public static DiskQueue open(PersistenceConfig persistence, long maxItems, Corruption corruption) throws IOException {
        Path directory = Path.of(persistence.directory());
        Files.createDirectories(directory);
        FileChannel lockFile = FileChannel.open(directory.resolve("queue.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException("the queue directory " + directory + " is in use by another process");
        }
        QueueBudget budget = new QueueBudget(maxItems, persistence.maxDiskBytes());
        DiskQueue queue = new DiskQueue(budget, lockFile, lock);
        long segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, persistence.maxDiskBytes() / 8));
        try {
            for (Signal signal : Signal.values()) {
                queue.logs.put(signal, SegmentLog.open(signal, directory.resolve(signal.key()), persistence.sync(),
                        segmentBytes, budget, corruption));
            }
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        if (budget.items() > 0) {
            log.info("persistent queue in {}: {} items ({} bytes on disk) from before the restart to deliver",
                    directory, budget.items(), budget.bytes());
        }
        return queue;
    }

    @Override
    public Admission offer(List<Payload> parts) {
        return logs.get(parts.get(0).signal()).append(parts);
    }

    @Override
    public Held take(Signal signal, long timeoutNanos) throws InterruptedException {
        return logs.get(signal).take(timeoutNanos);
    }

    /** Notes the records as delivered, one write per segment they came from. */
    @Override
    public void acknowledge(List<Held> done) {
        Map<Segment, List<SegmentLog.Location>> bySegment = new LinkedHashMap<>();
        Map<Segment, Signal> signals = new LinkedHashMap<>();
        for (Held held : done) {
            SegmentLog.Location location = ((SegmentLog.Held) held).location();
            bySegment.computeIfAbsent(location.segment(), segment -> new ArrayList<>()).add(location);
            signals.put(location.segment(), held.payload().signal());
        }
        bySegment.forEach((segment, delivered) -> {
            try {
                logs.get(signals.get(segment)).delivered(segment, delivered);
            } catch (IOException e) {
                log.warn("cannot note delivered records of {}: {}; they may be sent again after a restart",
                        segment, e.getMessage());
            }
        });
    }

    @Override
    public long items(Signal signal) {
        return logs.get(signal).items();
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public void close() {
        logs.values().forEach(SegmentLog::close);
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            log.debug("releasing the queue lock", e);
        }
    }
}
