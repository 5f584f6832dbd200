package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskQueueTest {

    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(200);

    @TempDir
    Path dir;
    private final AtomicInteger corrupt = new AtomicInteger();
    private final List<DiskQueue> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(DiskQueue::close);
    }

    private DiskQueue open(long maxDiskBytes, Sync sync) throws IOException {
        DiskQueue queue = DiskQueue.open(new PersistenceConfig(true, dir.toString(), maxDiskBytes, sync), 1_000_000,
                (signal, items) -> corrupt.incrementAndGet());
        opened.add(queue);
        return queue;
    }

    private DiskQueue reopen(DiskQueue queue) throws IOException {
        queue.close();
        opened.remove(queue);
        return open(queue.maxBytes(), Sync.WRITE);
    }

    private static Payload payload(String text, int items) {
        return new Payload(Signal.TRACES, text.getBytes(StandardCharsets.UTF_8), items, 1_700_000_000_000L);
    }

    private static List<String> takeAll(DiskQueue queue, List<Held> into) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        Held held;
        while ((held = queue.take(Signal.TRACES, WAIT)) != null) {
            into.add(held);
            texts.add(new String(held.payload().bytes(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    @ParameterizedTest
    @EnumSource(Sync.class)
    void replaysEverythingNotDeliveredAfterARestartAndNothingThatWas(Sync sync) throws Exception {
        DiskQueue queue = open(64 << 20, sync);
        for (int i = 0; i < 10; i++) {
            assertThat(queue.offer(List.of(payload("request-" + i, 3)))).isEqualTo(Admission.ACCEPTED);
        }
        List<Held> taken = new ArrayList<>();
        assertThat(takeAll(queue, taken)).hasSize(10);
        queue.acknowledge(List.of(taken.get(0), taken.get(3), taken.get(4)));

        DiskQueue restarted = reopen(queue);

        assertThat(restarted.items()).isEqualTo(21);
        List<Held> replayed = new ArrayList<>();
        assertThat(takeAll(restarted, replayed)).containsExactly("request-1", "request-2", "request-5", "request-6",
                "request-7", "request-8", "request-9");
        assertThat(replayed).allSatisfy(held -> assertThat(held.payload().receivedAtMillis()).isEqualTo(1_700_000_000_000L));
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void storesEveryPartOfARequestOrNone() throws Exception {
        DiskQueue queue = open(1 << 20, Sync.WRITE);
        List<Payload> parts = List.of(payload("a".repeat(400_000), 1), payload("b".repeat(400_000), 1),
                payload("c".repeat(400_000), 1));

        assertThat(queue.offer(parts)).isEqualTo(Admission.QUEUE_FULL);
        assertThat(queue.items()).isZero();
        assertThat(queue.offer(parts.subList(0, 2))).isEqualTo(Admission.ACCEPTED);
        assertThat(queue.items()).isEqualTo(2);
    }

    @Test
    void refusesWhenTheDiskBudgetIsFullAndTakesDataAgainOnceDeliveredSegmentsAreDeleted() throws Exception {
        DiskQueue queue = open(2 << 20, Sync.WRITE);
        String body = "x".repeat(100_000);
        int accepted = 0;
        while (queue.offer(List.of(payload(body + accepted, 1))) == Admission.ACCEPTED) {
            accepted++;
        }
        assertThat(accepted).isBetween(15, 21);
        assertThat(queue.utilization()).isGreaterThan(0.9);

        List<Held> taken = new ArrayList<>();
        assertThat(takeAll(queue, taken)).hasSize(accepted);
        queue.acknowledge(taken);

        assertThat(queue.items()).isZero();
        assertThat(queue.bytes()).as("every delivered segment deleted").isZero();
        assertThat(segmentFiles()).isEmpty();
        assertThat(queue.offer(List.of(payload(body, 1)))).isEqualTo(Admission.ACCEPTED);
    }

    /**
     * Deliveries noted while requests are appended: a segment found delivered and then appended to
     * and rolled is not deleted with its new records (main at a2a0884 lost them in about half of the
     * runs: "cannot read back a traces request").
     */
    @RepeatedTest(5)
    void everyRequestCanBeTakenWhileDeliveriesAreNotedAsRequestsArrive() throws Exception {
        DiskQueue queue = open(8 << 20, Sync.WRITE);
        int requests = 3_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < requests; i++) {
                while (queue.offer(List.of(payload("request-" + i + "-" + "z".repeat(10_000), 1))) != Admission.ACCEPTED) {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        List<Held> delivered = new ArrayList<>();
        for (int taken = 0; taken < requests; taken++) {
            Held held = queue.take(Signal.TRACES, TimeUnit.SECONDS.toNanos(5));
            assertThat(held).as("request %d", taken).isNotNull();
            delivered.add(held);
            if (delivered.size() == 8) {
                queue.acknowledge(delivered);
                delivered = new ArrayList<>();
            }
        }
        producer.join();
        queue.acknowledge(delivered);

        assertThat(queue.items()).isZero();
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void skipsDamagedBytesInTheMiddleOfASegmentAndReplaysTheRecordsAfterThem() throws Exception {
        Path segment = segmentOfClosedQueue(5);
        long recordSize = Files.size(segment) / 5;
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(recordSize * 2 + 30);
            file.write(new byte[] {(byte) 0xFF, 0x00, (byte) 0xAB, 0x13});
        }

        DiskQueue restarted = open(64 << 20, Sync.WRITE);

        assertThat(corrupt).hasValue(1);
        assertThat(takeAll(restarted, new ArrayList<>())).extracting(text -> text.substring(0, 9))
                .containsExactly("request-0", "request-1", "request-3", "request-4");
    }

    @Test
    void truncatesATornTailAndStarts() throws Exception {
        Path segment = segmentOfClosedQueue(3);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 40);
        }

        DiskQueue restarted = open(64 << 20, Sync.WRITE);

        assertThat(corrupt).hasValue(1);
        assertThat(takeAll(restarted, new ArrayList<>())).extracting(text -> text.substring(0, 9))
                .containsExactly("request-0", "request-1");
        assertThat(Files.size(segment)).isEqualTo(size / 3 * 2);
        assertThat(restarted.offer(List.of(payload("after", 1)))).isEqualTo(Admission.ACCEPTED);
    }

    @Test
    void refusesADirectoryAnotherRuntimeUses() throws Exception {
        open(64 << 20, Sync.WRITE);

        assertThatThrownBy(() -> DiskQueue.open(new PersistenceConfig(true, dir.toString(), 64 << 20, Sync.WRITE),
                1000, (signal, items) -> corrupt.incrementAndGet())).hasMessageContaining("in use by another process");
    }

    /** The one segment file of a queue that took {@code requests} equal-sized requests and was closed. */
    private Path segmentOfClosedQueue(int requests) throws IOException {
        DiskQueue queue = open(64 << 20, Sync.WRITE);
        for (int i = 0; i < requests; i++) {
            queue.offer(List.of(payload("request-" + i + "-" + "y".repeat(100), 1)));
        }
        queue.close();
        opened.remove(queue);
        return segmentFiles().get(0);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
