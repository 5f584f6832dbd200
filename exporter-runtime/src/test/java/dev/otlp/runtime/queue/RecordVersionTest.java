package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The format version byte as an outside tester attacks it: segments written by hand that mix
 * records without a version (main's format before it, magic {@code OTLQ}) and with one, a version
 * byte damaged or unknown, a record header cut short. Every readable record is replayed once, with
 * its items and time of receipt; a record of a later version keeps its segment.
 */
class RecordVersionTest {

    private static final int ITEMS = 5;
    private static final long RECEIVED_AT = 1_700_000_000_000L;

    @TempDir
    Path root;
    /** The queue's directory: one per segment written by hand, as segment numbers are never used twice. */
    private Path dir;
    private final AtomicInteger corrupt = new AtomicInteger();

    @BeforeEach
    void queueDirectory() {
        dir = root.resolve("queue");
    }

    private DiskQueue open() throws IOException {
        return DiskQueue.open(new PersistenceConfig(true, dir.toString(), 8 << 20, Sync.WRITE), 1_000_000,
                (signal, items) -> corrupt.incrementAndGet());
    }

    private Path segment() throws IOException {
        Path traces = dir.resolve("traces");
        Files.createDirectories(traces);
        return Segment.file(traces, 0);
    }

    private static Payload payload(String text, long receivedAt) {
        return new Payload(Signal.TRACES, text.getBytes(StandardCharsets.UTF_8), ITEMS, receivedAt);
    }

    /** A record as this runtime writes it. */
    private static byte[] current(String text, long receivedAt) {
        Payload payload = payload(text, receivedAt);
        return ByteBuffer.allocate((int) RecordFormat.size(payload)).put(RecordFormat.header(payload))
                .put(payload.bytes()).array();
    }

    /** A record with an intact frame around format version {@code version} (0-255). */
    private static byte[] ofVersion(int version, String text) {
        ByteBuffer record = ByteBuffer.wrap(current(text, RECEIVED_AT));
        record.put(12, (byte) version);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 12, record.capacity() - 12);
        return record.putInt(8, (int) crc.getValue()).array();
    }

    /** A record as main wrote it before the version byte: magic OTLQ, the payload's length, no version. */
    private static byte[] unversioned(String text, long receivedAt) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(24 + body.length);
        record.putInt(0x4F544C51).putInt(body.length).putInt(0).putLong(receivedAt).putInt(ITEMS).put(body);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 12, record.capacity() - 12);
        return record.putInt(8, (int) crc.getValue()).array();
    }

    private static byte[] concat(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] record : records) {
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    private static List<String> texts(List<Held> taken) {
        return taken.stream().map(held -> new String(held.payload().bytes(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void oldAndNewRecordsInOneSegmentAreEachReplayedOnceWithTheirItemsAndTimeOfReceipt() throws Exception {
        Files.write(segment(), concat(unversioned("old-0", RECEIVED_AT), current("new-1", RECEIVED_AT + 1),
                unversioned("old-2", RECEIVED_AT + 2), current("new-3", RECEIVED_AT + 3)));

        try (DiskQueue queue = open()) {
            List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
            assertThat(texts(taken)).containsExactly("old-0", "new-1", "old-2", "new-3");
            assertThat(taken).extracting(held -> held.payload().receivedAtMillis())
                    .containsExactly(RECEIVED_AT, RECEIVED_AT + 1, RECEIVED_AT + 2, RECEIVED_AT + 3);
            assertThat(queue.items()).isEqualTo(4L * ITEMS);
            queue.acknowledge(taken);
        }
        try (DiskQueue restarted = open()) {
            assertThat(QueueContents.takeAll(restarted, Signal.TRACES)).isEmpty();
        }
        assertThat(segment()).doesNotExist();
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void aVersionByteDamagedInTheMiddleLosesOnlyItsOwnRecord() throws Exception {
        byte[] damaged = current("new-1", RECEIVED_AT);
        damaged[12] ^= 0x40;
        Files.write(segment(), concat(current("new-0", RECEIVED_AT), damaged, unversioned("old-2", RECEIVED_AT)));

        try (DiskQueue queue = open()) {
            assertThat(texts(QueueContents.takeAll(queue, Signal.TRACES))).containsExactly("new-0", "old-2");
        }
        assertThat(corrupt).hasValue(1);
    }

    @Test
    void aRecordHeaderCutShortAtTheEndLosesOnlyThatRecord() throws Exception {
        for (int kept : new int[] {4, 12, 13, 20, 24}) {
            dir = root.resolve("cut-after-" + kept);
            byte[] torn = Arrays.copyOf(current("new-2", RECEIVED_AT), kept);
            Path segment = segment();
            Files.write(segment, concat(unversioned("old-0", RECEIVED_AT), current("new-1", RECEIVED_AT), torn));
            long intact = Files.size(segment) - kept;

            try (DiskQueue queue = open()) {
                List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
                assertThat(texts(taken)).as("header cut after %d bytes", kept).containsExactly("old-0", "new-1");
                assertThat(Files.size(segment)).as("the torn header truncated").isEqualTo(intact);
                queue.acknowledge(taken);
            }
        }
    }

    @Test
    void aRecordOfALaterVersionAbove127IsRefusedAndItsSegmentKeptLikeAnyLaterVersion() throws Exception {
        Path segment = segment();
        Files.write(segment, concat(current("new-0", RECEIVED_AT), ofVersion(200, "from-a-later-runtime")));
        long bytes = Files.size(segment);

        try (DiskQueue queue = open()) {
            List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
            assertThat(texts(taken)).containsExactly("new-0");
            queue.acknowledge(taken);
        }
        open().close();

        assertThat(segment).as("kept whole for a runtime that reads version 200").exists();
        assertThat(Files.size(segment)).isEqualTo(bytes);
    }

    @Test
    void aRecordWhoseVersionByteReadsZeroUnderTheNewMagicIsNeverHandedToABatcher() throws Exception {
        Files.write(segment(), concat(current("new-0", RECEIVED_AT), ofVersion(0, "no-such-record"),
                current("new-2", RECEIVED_AT)));

        try (DiskQueue queue = open()) {
            List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
            assertThat(texts(taken)).startsWith("new-0").doesNotContain("no-such-record");
        }
        assertThat(corrupt).hasValue(1);
    }
}
