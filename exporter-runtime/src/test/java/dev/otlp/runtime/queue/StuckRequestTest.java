package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request taken by a batch that does not settle (the upstream answers it with a retryable error
 * for ever) while everything after it is delivered keeps only itself on disk, not its segment; it
 * is delivered, or replayed after a restart, all the same. Requests count as stuck here as soon as
 * everything else in their segment is delivered ({@link DiskQueue#STUCK_AFTER} is zero).
 */
class StuckRequestTest {

    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(200);
    /** With this budget a segment is 1 MiB: eleven of these requests fill one, thirty fill three. */
    private static final long MAX_DISK_BYTES = 8 << 20;
    private static final int REQUESTS = 30;
    private static final int FIRST_SEGMENT = 11;

    @TempDir
    Path dir;
    private final AtomicInteger corrupt = new AtomicInteger();

    private DiskQueue open(Sync sync) throws IOException {
        return DiskQueue.open(new PersistenceConfig(true, dir.toString(), MAX_DISK_BYTES, sync), 1_000_000,
                (signal, items) -> corrupt.incrementAndGet(), Duration.ZERO);
    }

    private static Payload request(int id) {
        return new Payload(Signal.TRACES, ("request-" + id + "-" + "y".repeat(100_000)).getBytes(StandardCharsets.UTF_8), 7);
    }

    /** Offers requests 0..29 and takes them all. */
    private static List<Held> offerAndTakeAll(DiskQueue queue) throws InterruptedException {
        for (int i = 0; i < REQUESTS; i++) {
            assertThat(queue.offer(List.of(request(i)))).isEqualTo(Admission.ACCEPTED);
        }
        return takeAll(queue);
    }

    private static List<Held> takeAll(DiskQueue queue) throws InterruptedException {
        return QueueContents.takeAll(queue, Signal.TRACES);
    }

    private static List<String> ids(List<Held> taken) {
        return taken.stream().map(held -> new String(held.payload().bytes(), 0, 16, StandardCharsets.UTF_8))
                .map(text -> text.substring(0, text.indexOf('-', "request-".length()))).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("traces"))) {
            return files.filter(file -> file.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void keepsOnlyItselfOnDiskOnceTheSegmentsAfterItAreDeliveredAndIsDeliveredAllTheSame() throws Exception {
        for (Sync sync : Sync.values()) {
            try (DiskQueue queue = open(sync)) {
                List<Held> taken = offerAndTakeAll(queue);
                Held stuck = taken.get(0);

                queue.acknowledge(taken.subList(1, REQUESTS));

                assertThat(queue.items()).isEqualTo(7);
                assertThat(queue.bytes()).isEqualTo(RecordFormat.size(request(0)));
                assertThat(segmentFiles()).singleElement().satisfies(file ->
                        assertThat(Files.size(file)).isEqualTo(RecordFormat.size(request(0))));

                queue.acknowledge(List.of(stuck));

                assertThat(queue.items()).isZero();
                assertThat(queue.bytes()).isZero();
                assertThat(segmentFiles()).isEmpty();
            }
        }
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void requestsStuckWhileOthersFlowAreEachTakenOnceAndLeaveNothingBehindOnceDelivered() throws Exception {
        int requests = 3_000;
        Set<String> seen = new HashSet<>();
        List<Held> stuck = new ArrayList<>();
        try (DiskQueue queue = open(Sync.WRITE)) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < requests; i++) {
                    Payload request = new Payload(Signal.TRACES,
                            ("request-" + i + "-" + "z".repeat(10_000)).getBytes(StandardCharsets.UTF_8), 1);
                    while (queue.offer(List.of(request)) != Admission.ACCEPTED) {
                        Thread.onSpinWait();
                    }
                }
            });
            producer.start();
            List<Held> batch = new ArrayList<>();
            while (seen.size() < requests) {
                Held held = queue.take(Signal.TRACES, WAIT);
                assertThat(held).as("taken within the wait").isNotNull();
                assertThat(seen.add(ids(List.of(held)).get(0))).as("taken once").isTrue();
                (seen.size() % 100 == 0 ? stuck : batch).add(held);
                if (batch.size() == 8) {
                    queue.acknowledge(batch);
                    batch = new ArrayList<>();
                }
            }
            producer.join();
            queue.acknowledge(batch);
            assertThat(queue.items()).isEqualTo(stuck.size());
            assertThat(queue.bytes()).as("the stuck requests, and at most the segments they were in last")
                    .isLessThan(3L << 20);

            queue.acknowledge(stuck);

            assertThat(queue.items()).isZero();
            assertThat(queue.bytes()).isZero();
            assertThat(segmentFiles()).isEmpty();
        }
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void isReplayedOnceAfterARestartOnceMovedOutOfItsSegment() throws Exception {
        try (DiskQueue queue = open(Sync.WRITE)) {
            List<Held> taken = offerAndTakeAll(queue);
            queue.acknowledge(taken.subList(1, REQUESTS));
        }

        try (DiskQueue restarted = open(Sync.WRITE)) {
            assertThat(ids(takeAll(restarted))).containsExactly("request-0");
        }
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void aCrashBetweenMovingItAndDeletingItsSegmentSendsItTwiceAndLosesNothing() throws Exception {
        Path firstSegment;
        try (DiskQueue queue = open(Sync.WRITE)) {
            List<Held> taken = offerAndTakeAll(queue);
            firstSegment = segmentFiles().get(0);
            byte[] sealed = Files.readAllBytes(firstSegment);

            queue.acknowledge(taken.subList(1, REQUESTS));
            assertThat(firstSegment).doesNotExist();

            // the first segment as it was when request 0 was copied: requests 1..10 noted delivered, 0 not yet
            Files.write(firstSegment, sealed);
            ByteBuffer acks = ByteBuffer.allocate((FIRST_SEGMENT - 1) * Long.BYTES);
            long position = RecordFormat.size(request(0));
            for (int i = 1; i < FIRST_SEGMENT; i++) {
                acks.putLong(position);
                position += RecordFormat.size(request(i));
            }
            Files.write(Path.of(firstSegment.toString().replace(".seg", ".acks")), acks.array());
            forgetDeletionOf(firstSegment);
        }

        try (DiskQueue restarted = open(Sync.WRITE)) {
            assertThat(ids(takeAll(restarted))).containsExactly("request-0", "request-0");
        }
        assertThat(corrupt).hasValue(0);
    }

    /** Takes the manifest back to before the segment's deletion was noted. */
    private static void forgetDeletionOf(Path segment) throws IOException {
        Path manifest = segment.resolveSibling("segments.manifest");
        ByteBuffer entries = ByteBuffer.wrap(Files.readAllBytes(manifest));
        ByteBuffer kept = ByteBuffer.allocate(entries.remaining());
        long id = Segment.idOf(segment);
        while (entries.remaining() >= 1 + Long.BYTES) {
            byte kind = entries.get();
            long entryId = entries.getLong();
            if (kind != 'D' || entryId != id) {
                kept.put(kind).putLong(entryId);
            }
        }
        Files.write(manifest, Arrays.copyOf(kept.array(), kept.position()));
    }
}
