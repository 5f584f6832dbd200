package dev.otlp.bench.queue;

import dev.otlp.bench.CommandFlags;
import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.DiskQueue;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The disk the persistent queue keeps after a long outage with one stuck poison batch: while the
 * upstream is away, one request and then {@code --outage-mb} of others are appended; when it is
 * back, the first request is taken by a batch that never settles (the upstream keeps answering it
 * with a retryable error) and, {@code --stuck-seconds} later (by default past the runtime's 30 s
 * {@code DiskQueue.STUCK_AFTER}), every other request is delivered.
 * Prints what is still on disk, and what the queue counts against {@code max_disk_bytes}, next to
 * the one stuck request's size. See {@code benchmarks/README.md}.
 */
public final class StuckBatchDiskUsage {

    private static final String USAGE = """
            usage: StuckBatchDiskUsage [--outage-mb 256] [--max-disk-mb 1024] [--request-kb 64] [--stuck-seconds 31]
                                       [--directory DIR]
            """;
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int DELIVERED_PER_BATCH = 16;

    private StuckBatchDiskUsage() {
    }

    public static void main(String[] args) throws Exception {
        ParseResult flags;
        try {
            flags = CommandFlags.parse(args, Set.of("--outage-mb", "--max-disk-mb", "--request-kb", "--stuck-seconds", "--directory"), Set.of());
        } catch (IllegalArgumentException e) {
            boolean help = e.getMessage().isEmpty();
            (help ? System.out : System.err).print((help ? "" : e.getMessage() + "\n") + USAGE);
            System.exit(help ? 0 : 64);
            return;
        }
        long outageBytes = Long.parseLong(flags.matchedOptionValue("--outage-mb", "256")) << 20;
        long maxDiskBytes = Long.parseLong(flags.matchedOptionValue("--max-disk-mb", "1024")) << 20;
        int requestBytes = Integer.parseInt(flags.matchedOptionValue("--request-kb", "64")) << 10;
        Duration stuckFor = Duration.ofSeconds(Long.parseLong(flags.matchedOptionValue("--stuck-seconds", "31")));
        Path directory = flags.hasMatchedOption("--directory") ? Path.of(flags.matchedOptionValue("--directory", ""))
                : Files.createTempDirectory("stuck-batch");
        try {
            measure(directory, outageBytes, maxDiskBytes, requestBytes, stuckFor);
        } finally {
            deleteTree(directory);
        }
    }

    private static void measure(Path directory, long outageBytes, long maxDiskBytes, int requestBytes, Duration stuckFor)
            throws Exception {
        PersistenceConfig persistence = new PersistenceConfig(true, directory.toString(), maxDiskBytes,
                PersistenceConfig.Sync.WRITE);
        try (DiskQueue queue = DiskQueue.open(persistence, Long.MAX_VALUE / 2, (signal, items) -> {
            throw new IllegalStateException("a fresh queue found damage in " + directory);
        })) {
            byte[] body = new byte[requestBytes];
            long requests = outageBytes / requestBytes;
            for (long i = 0; i <= requests; i++) {
                if (queue.offer(List.of(new Payload(Signal.TRACES, body, 1))) != Admission.ACCEPTED) {
                    throw new IllegalStateException("the queue refused request " + i + ": raise --max-disk-mb");
                }
            }
            long outageDisk = diskBytes(directory);
            Held poison = queue.take(Signal.TRACES, WAIT_NANOS);
            Thread.sleep(stuckFor.toMillis());
            long delivered = deliverTheRest(queue);
            long keptDisk = diskBytes(directory);
            System.out.printf(Locale.ROOT, "outage: %d requests of %d KiB appended, %.1f MiB on disk (max_disk_bytes %d MiB)%n",
                    requests + 1, requestBytes >> 10, mib(outageDisk), maxDiskBytes >> 20);
            System.out.printf(Locale.ROOT, "delivered: %d requests; stuck: 1 request of %d KiB (%s)%n",
                    delivered, poison.payload().sizeBytes() >> 10, poison.payload().signal().key());
            System.out.printf(Locale.ROOT, "kept on disk: %d bytes (%.2f MiB); counted against max_disk_bytes: %d bytes%n",
                    keptDisk, mib(keptDisk), queue.bytes());
        }
    }

    private static long deliverTheRest(DiskQueue queue) throws InterruptedException {
        long delivered = 0;
        List<Held> batch = new ArrayList<>();
        Held next;
        while ((next = queue.take(Signal.TRACES, WAIT_NANOS)) != null) {
            batch.add(next);
            if (batch.size() == DELIVERED_PER_BATCH) {
                queue.acknowledge(batch);
                delivered += batch.size();
                batch = new ArrayList<>();
            }
        }
        queue.acknowledge(batch);
        return delivered + batch.size();
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }

    private static long diskBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
