package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade loses nothing: a queue directory written by the runtime before records carried a
 * format version is replayed whole by this one.
 *
 * <p>The fixture {@code unversioned-queue} was written by main at a2a0884 (records framed with
 * magic {@code OTLQ}, per-segment {@code .acks} files, a manifest per signal), in three runs:
 * traces 0-9 and logs 0-3 appended, traces 0, 3, 4 and logs 1 delivered, closed; traces 10-19
 * appended to a new segment, traces 5, 6, 10, 15 delivered (logs taken, none delivered), closed;
 * traces 20-24 appended and all delivered, so their segment was deleted, closed. Each request's
 * body starts with its id ({@code traces-7-zzz…}), holds 3 items and was received at
 * 1,700,000,000,000 + its number. {@code unversioned-queue.md} beside it holds the generator.
 */
class DiskQueueUpgradeTest {

    private static final Set<String> UNDELIVERED_TRACES = Set.of("traces-1", "traces-2", "traces-7", "traces-8", "traces-9",
            "traces-11", "traces-12", "traces-13", "traces-14", "traces-16", "traces-17", "traces-18", "traces-19");
    private static final Set<String> UNDELIVERED_LOGS = Set.of("logs-0", "logs-2", "logs-3");

    @TempDir
    Path dir;
    private final AtomicInteger corrupt = new AtomicInteger();

    private DiskQueue open() throws IOException {
        return open(DiskQueue.STUCK_AFTER);
    }

    private DiskQueue open(Duration stuckAfter) throws IOException {
        return DiskQueue.open(new PersistenceConfig(true, dir.toString(), 64 << 20, Sync.WRITE), 1_000_000,
                (signal, items) -> corrupt.incrementAndGet(), stuckAfter);
    }

    private void copyFixture() throws IOException, URISyntaxException {
        Path fixture = Path.of(Objects.requireNonNull(getClass().getResource("unversioned-queue")).toURI());
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(fixture.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String id(Held held) {
        String text = new String(held.payload().bytes(), StandardCharsets.UTF_8);
        return text.substring(0, text.indexOf('-', text.indexOf('-') + 1));
    }

    private static Set<String> ids(List<Held> taken) {
        return taken.stream().map(DiskQueueUpgradeTest::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> files(Signal signal) throws IOException {
        try (Stream<Path> listing = Files.list(dir.resolve(signal.key()))) {
            return listing.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void replaysExactlyTheRequestsAQueueWrittenBeforeTheVersionByteHadNotDelivered() throws Exception {
        copyFixture();

        try (DiskQueue upgraded = open()) {
            List<Held> traces = QueueContents.takeAll(upgraded, Signal.TRACES);
            List<Held> logs = QueueContents.takeAll(upgraded, Signal.LOGS);

            assertThat(ids(traces)).isEqualTo(UNDELIVERED_TRACES);
            assertThat(traces).as("each once").hasSameSizeAs(UNDELIVERED_TRACES);
            assertThat(ids(logs)).isEqualTo(UNDELIVERED_LOGS);
            assertThat(logs).as("each once").hasSameSizeAs(UNDELIVERED_LOGS);
            assertThat(QueueContents.takeAll(upgraded, Signal.METRICS)).isEmpty();
            assertThat(upgraded.items()).isEqualTo(3L * (UNDELIVERED_TRACES.size() + UNDELIVERED_LOGS.size()));
            assertThat(traces).allSatisfy(held -> assertThat(held.payload().receivedAtMillis())
                    .isEqualTo(1_700_000_000_000L + Integer.parseInt(id(held).substring("traces-".length()))));
        }
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void oldAndNewRecordsAreDeliveredTogetherAndTheOldSegmentsGoOnceDelivered() throws Exception {
        copyFixture();
        Set<String> owed = new TreeSet<>(UNDELIVERED_TRACES);
        try (DiskQueue upgraded = open()) {
            List<Held> old = QueueContents.takeAll(upgraded, Signal.TRACES);
            byte[] body = "traces-100-new".getBytes(StandardCharsets.UTF_8);
            assertThat(upgraded.offer(List.of(new Payload(Signal.TRACES, body, 3)))).isEqualTo(Admission.ACCEPTED);
            upgraded.acknowledge(old.subList(0, 5));
            owed.removeAll(ids(old.subList(0, 5)));
            owed.add("traces-100");
        }

        try (DiskQueue restarted = open()) {
            List<Held> traces = QueueContents.takeAll(restarted, Signal.TRACES);
            assertThat(ids(traces)).isEqualTo(owed);
            assertThat(traces).hasSameSizeAs(owed);
            restarted.acknowledge(traces);
        }
        open().close();

        assertThat(files(Signal.TRACES)).as("every segment delivered, deleted with its acks file")
                .allSatisfy(name -> assertThat(name).doesNotEndWith(".acks"))
                .filteredOn(name -> name.endsWith(".seg")).isEmpty();
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void anOldRequestStuckInAnOldSegmentIsMovedAsANewRecordAndReplayedWithItsItemsAndTimeOfReceipt() throws Exception {
        copyFixture();
        try (DiskQueue upgraded = open(Duration.ZERO)) {
            List<Held> traces = QueueContents.takeAll(upgraded, Signal.TRACES);
            List<Held> delivered = traces.stream().filter(held -> !id(held).equals("traces-1")).toList();
            upgraded.acknowledge(delivered);
            assertThat(files(Signal.TRACES)).as("the old segments gone, traces-1 moved to a segment of its own")
                    .filteredOn(name -> name.endsWith(".seg")).singleElement()
                    .isNotIn("00000000000000000000.seg", "00000000000000000001.seg");
        }

        try (DiskQueue restarted = open()) {
            List<Held> traces = QueueContents.takeAll(restarted, Signal.TRACES);
            assertThat(ids(traces)).containsExactly("traces-1");
            assertThat(traces).singleElement().satisfies(held -> {
                assertThat(held.payload().items()).isEqualTo(3);
                assertThat(held.payload().receivedAtMillis()).isEqualTo(1_700_000_000_001L);
            });
            assertThat(restarted.items(Signal.TRACES)).isEqualTo(3);
        }
        assertThat(corrupt).hasValue(0);
    }
}
