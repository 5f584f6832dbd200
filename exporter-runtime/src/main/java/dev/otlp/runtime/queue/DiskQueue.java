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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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
    /**
     * How long a request taken by a batch and not delivered may keep its segment once everything
     * else in it was delivered; then it is moved to a segment of its own. Well past the time a batch
     * takes to be sent, so that a batch merely in flight is seldom copied (copying one costs a write).
     */
    static final Duration STUCK_AFTER = Duration.ofSeconds(30);

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
        return open(persistence, maxItems, corruption, STUCK_AFTER);
    }

    /** @param stuckAfter see {@link #STUCK_AFTER} */
    static DiskQueue open(PersistenceConfig persistence, long maxItems, Corruption corruption, Duration stuckAfter)
            throws IOException {
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
                        segmentBytes, budget, corruption, stuckAfter));
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

    /** Notes the records as delivered, one write per segment they are in. */
    @Override
    public void acknowledge(List<Held> done) {
        Map<Signal, List<SegmentLog.Location>> bySignal = new EnumMap<>(Signal.class);
        for (Held held : done) {
            bySignal.computeIfAbsent(held.payload().signal(), signal -> new ArrayList<>())
                    .add(((SegmentLog.Held) held).location());
        }
        bySignal.forEach((signal, delivered) -> {
            try {
                logs.get(signal).delivered(delivered);
            } catch (IOException e) {
                log.warn("cannot note delivered {} records: {}; they may be sent again after a restart",
                        signal.key(), e.getMessage());
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
