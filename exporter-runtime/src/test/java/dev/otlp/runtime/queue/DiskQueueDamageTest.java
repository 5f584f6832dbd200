package dev.otlp.runtime.queue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damage found when the persistent queue is opened: each damaged record, emptied or missing segment
 * is logged once with the items it held (or that nobody can know them) and counted, and every other
 * acknowledged request is still there.
 */
class DiskQueueDamageTest {

    /** With this budget a segment is 1 MiB: eleven of these requests fill one. */
    private static final long MAX_DISK_BYTES = 8 << 20;
    private static final int REQUESTS = 30;
    private static final int SPANS_PER_REQUEST = 100;
    private static final String CORRUPT_DROPS = "otlp_dropped_items_total{reason=\"corrupt\",signal=\"traces\"} ";
    private static final String DAMAGE = "otlp_queue_corrupt_records_total ";

    @TempDir
    Path dir;
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SegmentReplay.class);
    private DiskQueue queue;

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void close() {
        logger.detachAppender(logs);
        if (queue != null) {
            queue.close();
        }
    }

    private DiskQueue open() throws IOException {
        queue = DiskQueue.open(new PersistenceConfig(true, dir.toString(), MAX_DISK_BYTES, Sync.WRITE), 1_000_000,
                metrics::corruptQueueRecord);
        return queue;
    }

    /** Fills three segments with requests 0..29, delivers requests 0 and 12, closes: the ids still owed. */
    private Set<Integer> closedQueueOwing() throws Exception {
        DiskQueue first = open();
        for (int i = 0; i < REQUESTS; i++) {
            byte[] body = ("request-" + i + "-" + "y".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
            assertThat(first.offer(List.of(new Payload(Signal.TRACES, body, SPANS_PER_REQUEST)))).isEqualTo(Admission.ACCEPTED);
        }
        List<Held> taken = takeAll(first);
        first.acknowledge(List.of(taken.get(0), taken.get(12)));
        first.close();
        queue = null;
        assertThat(segmentFiles()).hasSize(3);
        Set<Integer> owed = IntStream.range(0, REQUESTS).boxed().collect(Collectors.toCollection(HashSet::new));
        owed.removeAll(Set.of(0, 12));
        return owed;
    }

    private static List<Held> takeAll(DiskQueue queue) throws InterruptedException {
        return QueueContents.takeAll(queue, Signal.TRACES);
    }

    private static Set<Integer> ids(List<Held> taken) {
        return taken.stream().map(held -> new String(held.payload().bytes(), 0, 16, StandardCharsets.UTF_8))
                .map(text -> Integer.parseInt(text.substring("request-".length(), text.indexOf('-', "request-".length()))))
                .collect(Collectors.toSet());
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("traces"))) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private List<String> warnings() {
        return logs.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aMiddleSegmentTruncatedToZeroBytesIsReportedAndEveryOtherRequestReplayed() throws Exception {
        Set<Integer> owed = closedQueueOwing();
        Path middle = segmentFiles().get(1);
        try (RandomAccessFile file = new RandomAccessFile(middle.toFile(), "rw")) {
            file.setLength(0);
        }

        Set<Integer> replayed = ids(takeAll(open()));

        assertThat(warnings()).singleElement().asString()
                .isEqualTo(middle + " is empty: an unknown number of spans it held are lost");
        assertThat(metrics.scrape()).contains(DAMAGE + "1.0", CORRUPT_DROPS + "0.0");
        owed.removeAll(IntStream.range(11, 22).boxed().toList());
        assertThat(replayed).isEqualTo(owed);
    }

    @Test
    void aMiddleSegmentDeletedIsReportedAndEveryOtherRequestReplayed() throws Exception {
        Set<Integer> owed = closedQueueOwing();
        Path middle = segmentFiles().get(1);
        Files.delete(middle);

        Set<Integer> replayed = ids(takeAll(open()));

        assertThat(warnings()).singleElement().asString()
                .isEqualTo(middle + " is missing: an unknown number of spans it held are lost");
        assertThat(metrics.scrape()).contains(DAMAGE + "1.0", CORRUPT_DROPS + "0.0");
        owed.removeAll(IntStream.range(11, 22).boxed().toList());
        assertThat(replayed).isEqualTo(owed);
    }

    @Test
    void theLastSegmentDeletedIsReportedToo() throws Exception {
        Set<Integer> owed = closedQueueOwing();
        Path last = segmentFiles().get(2);
        Files.delete(last);

        Set<Integer> replayed = ids(takeAll(open()));

        assertThat(warnings()).singleElement().asString().startsWith(last + " is missing");
        owed.removeAll(IntStream.range(22, REQUESTS).boxed().toList());
        assertThat(replayed).isEqualTo(owed);
    }

    @Test
    void aCorruptRecordInTheMiddleIsReportedWithItsSpansAndCountedAsDropped() throws Exception {
        Set<Integer> owed = closedQueueOwing();
        Path middle = segmentFiles().get(1);
        long recordSize = Files.size(middle) / 11;
        try (RandomAccessFile file = new RandomAccessFile(middle.toFile(), "rw")) {
            file.seek(recordSize * 4 + 5_000);
            file.write(new byte[] {(byte) 0xFF, 0x00, (byte) 0xAB, 0x13});
        }

        Set<Integer> replayed = ids(takeAll(open()));

        assertThat(warnings()).singleElement().asString().startsWith(middle + ": " + recordSize + " damaged bytes at offset "
                + recordSize * 4 + " skipped: 100 spans they held are lost");
        assertThat(metrics.scrape()).contains(DAMAGE + "1.0", CORRUPT_DROPS + "100.0");
        owed.remove(15);
        assertThat(replayed).isEqualTo(owed);
    }

    @Test
    void aDamagedRecordAlreadyDeliveredIsNotCountedAsLost() throws Exception {
        Set<Integer> owed = closedQueueOwing();
        Path middle = segmentFiles().get(1);
        long recordSize = Files.size(middle) / 11;
        try (RandomAccessFile file = new RandomAccessFile(middle.toFile(), "rw")) {
            file.seek(recordSize + 5_000);
            file.write(new byte[] {(byte) 0xFF, 0x00, (byte) 0xAB, 0x13});
        }

        Set<Integer> replayed = ids(takeAll(open()));

        assertThat(warnings()).singleElement().asString().contains("skipped: 0 spans they held are lost");
        assertThat(metrics.scrape()).contains(CORRUPT_DROPS + "0.0");
        assertThat(replayed).isEqualTo(owed);
    }

    @Test
    void aSegmentCreatedButNeverWrittenIsNotReported() throws Exception {
        Set<Integer> owed = closedQueueOwing();
        Files.createFile(dir.resolve("traces").resolve(String.format("%020d.seg", 3)));

        Set<Integer> replayed = ids(takeAll(open()));

        assertThat(warnings()).isEmpty();
        assertThat(metrics.scrape()).contains(DAMAGE + "0.0");
        assertThat(replayed).isEqualTo(owed);
    }

    @Test
    void segmentsDeliveredAndDeletedOutOfOrderAreNotReportedAfterARestart() throws Exception {
        DiskQueue first = open();
        for (int i = 0; i < REQUESTS; i++) {
            byte[] body = ("request-" + i + "-" + "y".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
            first.offer(List.of(new Payload(Signal.TRACES, body, SPANS_PER_REQUEST)));
        }
        List<Held> taken = takeAll(first);
        first.acknowledge(taken.subList(11, 22));
        assertThat(segmentFiles()).hasSize(2);
        first.close();

        Set<Integer> replayed = ids(takeAll(open()));

        assertThat(warnings()).isEmpty();
        assertThat(replayed).hasSize(REQUESTS - 11).doesNotContainAnyElementsOf(IntStream.range(11, 22).boxed().toList());
    }

    /** A record as a later runtime might write it: an intact frame around format version 2. */
    private static byte[] recordOfVersion2(String text) {
        Payload payload = new Payload(Signal.TRACES, text.getBytes(StandardCharsets.UTF_8), SPANS_PER_REQUEST);
        ByteBuffer record = ByteBuffer.allocate((int) RecordFormat.size(payload)).put(RecordFormat.header(payload))
                .put(payload.bytes());
        record.put(12, (byte) 2);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 12, record.capacity() - 12);
        return record.putInt(8, (int) crc.getValue()).array();
    }

    @Test
    void aSegmentOfAFormatVersionItDoesNotReadIsRefusedByNameCountedAndKept() throws Exception {
        Set<Integer> owed = closedQueueOwing();
        Path future = dir.resolve("traces").resolve(String.format("%020d.seg", 3));
        Payload readable = new Payload(Signal.TRACES, ("request-30-" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8),
                SPANS_PER_REQUEST);
        Files.write(future, ByteBuffer.allocate((int) RecordFormat.size(readable)).put(RecordFormat.header(readable))
                .put(readable.bytes()).array());
        Files.write(future, recordOfVersion2("request-31-from-a-later-runtime"), StandardOpenOption.APPEND);
        long futureBytes = Files.size(future);

        DiskQueue reopened = open();
        List<Held> taken = takeAll(reopened);

        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.ERROR).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith(future + ": the record at offset " + RecordFormat.size(readable)
                        + " is of format version 2, which this runtime does not read");
        assertThat(metrics.scrape()).contains(DAMAGE + "1.0", CORRUPT_DROPS + "0.0");
        owed.add(30);
        assertThat(ids(taken)).isEqualTo(owed);

        reopened.acknowledge(taken);
        reopened.close();
        open();

        assertThat(segmentFiles()).as("every delivered segment deleted, the refused one kept whole").containsExactly(future);
        assertThat(Files.size(future)).isEqualTo(futureBytes);
        assertThat(metrics.scrape()).as("refused again at the next start").contains(DAMAGE + "2.0");
    }

    @Test
    void theCorruptReasonExistsAtZeroForEverySignalFromStartUp() {
        for (Signal signal : Signal.values()) {
            assertThat(new RuntimeMetrics().scrape())
                    .contains("otlp_dropped_items_total{reason=\"corrupt\",signal=\"" + signal.key() + "\"} 0.0");
        }
    }
}
