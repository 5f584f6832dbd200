package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Stragglers} as an outside tester attacks it: the process killed at each step of a move, a
 * copy that becomes stuck again, restarts between moves, and moves against the disk budget. A kill
 * with {@code sync = "write"} leaves the files exactly as the process had written them, so a crash
 * is a copy of the queue's files taken at that moment (or put together from two such copies, for a
 * moment between two writes of one move) and opened by a new queue. Counting decides: every request
 * acknowledged and not delivered comes back, and a request comes back twice only where the docs say
 * it may (the requests being moved, when the crash falls between their copy and their segment's
 * deletion).
 */
class StragglerMovesTest {

    /** With this budget a segment is 1 MiB: requests 0-10 fill the first, 11-21 the second. */
    private static final long MAX_DISK_BYTES = 8 << 20;
    private static final int ITEMS = 7;

    @TempDir
    Path root;
    private final AtomicInteger corrupt = new AtomicInteger();

    private DiskQueue open(Path dir, Duration stuckAfter) throws IOException {
        return DiskQueue.open(new PersistenceConfig(true, dir.toString(), MAX_DISK_BYTES, Sync.WRITE), 1_000_000,
                (signal, items) -> corrupt.incrementAndGet(), stuckAfter);
    }

    private static Payload request(int id) {
        return new Payload(Signal.TRACES, ("request-" + id + "-" + "y".repeat(100_000)).getBytes(StandardCharsets.UTF_8),
                ITEMS);
    }

    private static int id(Held held) {
        String text = new String(held.payload().bytes(), 0, 16, StandardCharsets.UTF_8);
        return Integer.parseInt(text.substring("request-".length(), text.indexOf('-', "request-".length())));
    }

    private static List<Integer> ids(List<Held> taken) {
        return taken.stream().map(StragglerMovesTest::id).sorted().toList();
    }

    private static void offer(DiskQueue queue, int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(queue.offer(List.of(request(i)))).as("request %d accepted", i).isEqualTo(Admission.ACCEPTED);
        }
    }

    private static Path traces(Path dir) {
        return dir.resolve("traces");
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(traces(dir))) {
            return files.filter(file -> file.toString().endsWith(".seg")).sorted().toList();
        }
    }

    /** The queue's files as a kill at this moment leaves them, in a directory of their own. */
    private Path crashCopy(Path dir, String name) throws IOException {
        Path copy = root.resolve(name);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(dir.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("queue.lock")) {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /** What a queue opened on {@code dir} hands out, by id, sorted; the queue is then closed. */
    private List<Integer> replayed(Path dir) throws Exception {
        try (DiskQueue queue = open(dir, DiskQueue.STUCK_AFTER)) {
            return ids(QueueContents.takeAll(queue, Signal.TRACES));
        }
    }

    private static byte[] manifestWithout(byte[] manifest, char kind, long segment) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        ByteBuffer entries = ByteBuffer.wrap(manifest);
        while (entries.remaining() >= 9) {
            byte entryKind = entries.get();
            long entryId = entries.getLong();
            if (entryKind != kind || entryId != segment) {
                kept.writeBytes(ByteBuffer.allocate(9).put(entryKind).putLong(entryId).array());
            }
        }
        return kept.toByteArray();
    }

    /**
     * Requests 0-29 taken; everything but request 0 delivered. The moment before request 0 is moved out
     * of the first segment ({@code before}, requests 1-28 noted delivered) and the moment after
     * ({@code after}: the copy written, the first segment gone).
     */
    private record Move(Path before, Path after, Path firstSegment, Path copy) {
    }

    private Move moveRequest0() throws Exception {
        Path dir = root.resolve("running");
        try (DiskQueue queue = open(dir, Duration.ofSeconds(1))) {
            offer(queue, 0, 30);
            List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
            queue.acknowledge(taken.subList(1, 29));
            Path firstSegment = segmentFiles(dir).get(0);
            assertThat(segmentFiles(dir)).as("request 0 taken under a second ago: not moved yet").contains(firstSegment);
            Path before = crashCopy(dir, "before");

            Thread.sleep(1_100);
            queue.acknowledge(List.of(taken.get(29)));

            assertThat(firstSegment).as("request 0 moved out").doesNotExist();
            List<Path> left = segmentFiles(dir);
            assertThat(left).as("only the copy").hasSize(1);
            Path after = crashCopy(dir, "after");
            return new Move(before, after, dir.relativize(firstSegment), dir.relativize(left.get(0)));
        }
    }

    @Test
    void aKillAtEachStepOfAMoveLosesNothingAndSendsTwiceOnlyTheRequestBeingMoved() throws Exception {
        Move move = moveRequest0();
        Path manifest = Path.of("traces", "segments.manifest");
        Path firstAcks = Path.of(move.firstSegment().toString().replace(".seg", ".acks"));
        long firstId = Segment.idOf(move.firstSegment());
        long copyId = Segment.idOf(move.copy());

        assertThat(replayed(crashCopy(move.before(), "kill-before-the-move"))).containsExactly(0, 29);

        // the process killed just after creating the copy's file: the first segment untouched, the copy empty
        Path created = crashCopy(move.after(), "kill-after-creating-the-copy");
        Files.copy(move.before().resolve(move.firstSegment()), created.resolve(move.firstSegment()));
        Files.copy(move.before().resolve(firstAcks), created.resolve(firstAcks));
        Files.write(created.resolve(move.copy()), new byte[0]);
        Files.write(created.resolve(manifest), manifestWithout(manifestWithout(
                Files.readAllBytes(move.after().resolve(manifest)), 'S', copyId), 'D', firstId));
        assertThat(replayed(created)).containsExactly(0);

        // killed while writing the copy: half of it written
        Path torn = crashCopy(created, "kill-while-writing-the-copy");
        byte[] copied = Files.readAllBytes(move.after().resolve(move.copy()));
        Files.write(torn.resolve(move.copy()), Arrays.copyOf(copied, copied.length / 2));
        assertThat(corrupt).as("nothing lost up to here").hasValue(0);
        assertThat(replayed(torn)).containsExactly(0);
        corrupt.set(0); // the copy's torn tail is truncated and counted like any torn append

        // killed once the copy was written and noted, before request 0 was noted delivered in the first segment
        Path copiedOnly = crashCopy(created, "kill-after-the-copy");
        Files.write(copiedOnly.resolve(move.copy()), copied);
        Files.write(copiedOnly.resolve(manifest),
                manifestWithout(Files.readAllBytes(move.after().resolve(manifest)), 'D', firstId));
        assertThat(replayed(copiedOnly)).as("documented: sent twice, never lost").containsExactly(0, 0);

        // killed once request 0 was noted delivered in the first segment, before the segment was deleted
        Path noted = crashCopy(copiedOnly, "kill-after-noting-the-original-delivered");
        Files.write(noted.resolve(firstAcks), ByteBuffer.allocate(Long.BYTES).putLong(0).array(),
                StandardOpenOption.APPEND);
        assertThat(replayed(noted)).containsExactly(0);

        assertThat(replayed(crashCopy(move.after(), "kill-after-the-move"))).containsExactly(0);
        assertThat(corrupt).as("nothing lost at the later steps").hasValue(0);
    }

    @Test
    void aKillWhileTheMovedOutSegmentIsBeingDeletedDoesNotSendItsDeliveredRequestsAgain() throws Exception {
        Move move = moveRequest0();
        // Segment.delete: the manifest notes the deletion, the acks file goes, then the segment's file:
        // the process killed between the last two
        Path deleting = crashCopy(move.after(), "kill-between-deleting-acks-and-segment");
        Files.copy(move.before().resolve(move.firstSegment()), deleting.resolve(move.firstSegment()));

        assertThat(replayed(deleting)).as("requests 1-10 were delivered before the move").containsExactly(0);
    }

    @Test
    void aCopyThatIsStuckAgainIsMovedAgainAndDeliveredOrReplayedOnce() throws Exception {
        Path dir = root.resolve("queue");
        List<Held> taken;
        try (DiskQueue queue = open(dir, Duration.ZERO)) {
            offer(queue, 0, 30);
            taken = QueueContents.takeAll(queue, Signal.TRACES);
            queue.acknowledge(taken.subList(2, 30));
            assertThat(segmentFiles(dir)).as("requests 0 and 1 moved to a copy of their own").hasSize(1);
            Path firstCopy = segmentFiles(dir).get(0);

            queue.acknowledge(List.of(taken.get(1)));
            assertThat(firstCopy).as("request 0 moved out of the copy too").doesNotExist();
            assertThat(segmentFiles(dir)).singleElement()
                    .satisfies(file -> assertThat(Files.size(file)).isEqualTo(RecordFormat.size(request(0))));
            assertThat(queue.items()).isEqualTo(ITEMS);
            assertThat(queue.bytes()).isEqualTo(RecordFormat.size(request(0)));
            assertThat(replayed(crashCopy(dir, "kill-after-the-second-move"))).containsExactly(0);

            queue.acknowledge(List.of(taken.get(0)));
            assertThat(queue.items()).isZero();
            assertThat(queue.bytes()).isZero();
            assertThat(segmentFiles(dir)).isEmpty();
        }
        assertThat(replayed(dir)).isEmpty();
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void restartsBetweenRoundsOfMovesLoseNothing() throws Exception {
        Path dir = root.resolve("queue");
        Set<Integer> owed = new HashSet<>();
        for (int round = 0; round < 4; round++) {
            try (DiskQueue queue = open(dir, Duration.ZERO)) {
                int first = round * 30;
                offer(queue, first, first + 30);
                owed.addAll(Stream.iterate(first, i -> i + 1).limit(30).toList());
                List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
                assertThat(new HashSet<>(ids(taken))).as("round %d: everything owed, once", round).isEqualTo(owed);
                assertThat(taken).hasSameSizeAs(owed);
                // every request whose id is a multiple of 11 stays stuck, round after round; the rest are delivered
                List<Held> delivered = new ArrayList<>();
                for (Held held : taken) {
                    if (id(held) % 11 != 0) {
                        delivered.add(held);
                    }
                }
                queue.acknowledge(delivered);
                delivered.forEach(held -> owed.remove(id(held)));
                assertThat(queue.items()).isEqualTo((long) ITEMS * owed.size());
            }
        }
        try (DiskQueue queue = open(dir, Duration.ZERO)) {
            List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
            assertThat(new HashSet<>(ids(taken))).isEqualTo(owed);
            assertThat(taken).hasSameSizeAs(owed);
            queue.acknowledge(taken);
            assertThat(queue.bytes()).isZero();
        }
        assertThat(segmentFiles(dir)).isEmpty();
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void movesOfAFullQueueMakeRoomAndNeverPushItPastItsDiskBudgetForGood() throws Exception {
        Path dir = root.resolve("queue");
        Set<Integer> owed = new HashSet<>();
        try (DiskQueue queue = open(dir, Duration.ZERO)) {
            int offered = 0;
            while (queue.offer(List.of(request(offered))) == Admission.ACCEPTED) {
                owed.add(offered++);
            }
            assertThat(offered).as("the budget fills").isGreaterThan(40);
            List<Held> taken = QueueContents.takeAll(queue, Signal.TRACES);
            assertThat(ids(taken)).hasSize(offered);
            List<Held> stuck = new ArrayList<>();
            for (Held held : taken) {
                if (id(held) % 11 == 5) {
                    stuck.add(held);
                } else {
                    queue.acknowledge(List.of(held));
                    owed.remove(id(held));
                }
                assertThat(queue.bytes()).as("within the budget after each delivery").isLessThanOrEqualTo(MAX_DISK_BYTES);
            }
            assertThat(queue.bytes()).as("the stuck requests and at most the active segment")
                    .isLessThan((long) stuck.size() * RecordFormat.size(request(0)) + (2L << 20));

            int more = offered;
            while (more < offered + 40 && queue.offer(List.of(request(more))) == Admission.ACCEPTED) {
                owed.add(more++);
            }
            assertThat(more).as("room made by the moves is taken again").isEqualTo(offered + 40);
        }
        try (DiskQueue restarted = open(dir, Duration.ZERO)) {
            List<Held> taken = QueueContents.takeAll(restarted, Signal.TRACES);
            assertThat(new HashSet<>(ids(taken))).isEqualTo(owed);
            assertThat(taken).hasSameSizeAs(owed);
        }
        assertThat(corrupt).hasValue(0);
    }
}
