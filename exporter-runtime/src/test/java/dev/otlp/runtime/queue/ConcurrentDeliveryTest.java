package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several producers append while several batchers take and deliver, with requests left stuck and
 * moved ({@link DiskQueue#STUCK_AFTER} zero) while appends roll segments and deliveries retire the
 * active one ({@code SegmentWriter.retire}). Counted by unique id: every request accepted is taken
 * exactly once; once all are delivered nothing is left; a kill at any moment between calls replays
 * exactly the accepted requests not yet delivered.
 */
class ConcurrentDeliveryTest {

    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int PRODUCERS = 2;
    private static final int BATCHERS = 2;
    private static final int PER_PRODUCER = 4_000;

    @TempDir
    Path root;
    private final AtomicInteger corrupt = new AtomicInteger();

    private DiskQueue open(Path dir, Sync sync) throws IOException {
        return DiskQueue.open(new PersistenceConfig(true, dir.toString(), 8 << 20, sync), 1_000_000,
                (signal, items) -> corrupt.incrementAndGet(), Duration.ZERO);
    }

    private static Payload request(int id) {
        // sizes vary so that records end anywhere in a segment; about 150 to a 1 MiB segment
        int padding = 2_000 + (id * 7919) % 10_000;
        return new Payload(Signal.TRACES, ("request-" + id + "-" + "q".repeat(padding)).getBytes(StandardCharsets.UTF_8), 1);
    }

    private static int id(Held held) {
        String text = new String(held.payload().bytes(), 0, 16, StandardCharsets.UTF_8);
        return Integer.parseInt(text.substring("request-".length(), text.indexOf('-', "request-".length())));
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("traces"))) {
            return files.filter(file -> file.toString().endsWith(".seg")).toList();
        }
    }

    /** What producers and batchers did, counted by id. */
    private static final class Traffic {
        final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        final Map<Integer, Integer> takes = new ConcurrentHashMap<>();
        final Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        final List<Held> stuck = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<Throwable> failure = new AtomicReference<>();
    }

    /**
     * Runs producers and batchers until {@code stop} (or the producers are done and everything was
     * taken); every 40th request taken is held back, stuck, and delivered only by the caller.
     */
    private static Traffic run(DiskQueue queue, AtomicBoolean stop) throws InterruptedException {
        Traffic traffic = new Traffic();
        AtomicInteger producing = new AtomicInteger(PRODUCERS);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int first = p * PER_PRODUCER;
            threads.add(new Thread(() -> {
                try {
                    for (int i = first; i < first + PER_PRODUCER && !stop.get(); i++) {
                        while (queue.offer(List.of(request(i))) != Admission.ACCEPTED) {
                            if (stop.get()) {
                                return;
                            }
                            Thread.onSpinWait();
                        }
                        traffic.accepted.add(i);
                    }
                } catch (Throwable e) {
                    traffic.failure.compareAndSet(null, e);
                } finally {
                    producing.decrementAndGet();
                }
            }));
        }
        for (int b = 0; b < BATCHERS; b++) {
            threads.add(new Thread(() -> {
                try {
                    List<Held> batch = new ArrayList<>();
                    int size = 1 + ThreadLocalRandom.current().nextInt(8);
                    while (!stop.get()) {
                        Held held = queue.take(Signal.TRACES, WAIT);
                        if (held == null) {
                            if (producing.get() == 0) {
                                break;
                            }
                            continue;
                        }
                        int id = id(held);
                        traffic.takes.merge(id, 1, Integer::sum);
                        if (id % 40 == 0) {
                            traffic.stuck.add(held);
                        } else {
                            batch.add(held);
                        }
                        if (batch.size() >= size) {
                            queue.acknowledge(batch);
                            batch.forEach(done -> traffic.delivered.add(id(done)));
                            batch = new ArrayList<>();
                            size = 1 + ThreadLocalRandom.current().nextInt(8);
                        }
                    }
                    queue.acknowledge(batch);
                    batch.forEach(done -> traffic.delivered.add(id(done)));
                } catch (Throwable e) {
                    traffic.failure.compareAndSet(null, e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as("done within a minute").isFalse();
        }
        assertThat(traffic.failure.get()).as("no producer or batcher failed").isNull();
        return traffic;
    }

    @Test
    void everyRequestIsTakenOnceAndNothingIsLeftOnceAllAreDelivered() throws Exception {
        for (Sync sync : Sync.values()) {
            Path dir = root.resolve(sync.name());
            try (DiskQueue queue = open(dir, sync)) {
                Traffic traffic = run(queue, new AtomicBoolean());

                assertThat(traffic.accepted).hasSize(PRODUCERS * PER_PRODUCER);
                assertThat(traffic.takes.keySet()).as("every request taken").isEqualTo(traffic.accepted);
                assertThat(traffic.takes.values()).as("each once").allMatch(times -> times == 1);
                assertThat(queue.items()).isEqualTo(traffic.stuck.size());

                queue.acknowledge(traffic.stuck);

                assertThat(queue.items()).isZero();
                assertThat(queue.bytes()).isZero();
                assertThat(segmentFiles(dir)).isEmpty();
            }
            try (DiskQueue restarted = open(dir, sync)) {
                assertThat(QueueContents.takeAll(restarted, Signal.TRACES)).isEmpty();
            }
        }
        assertThat(corrupt).hasValue(0);
    }

    @Test
    void aKillAtAnyMomentBetweenCallsReplaysExactlyWhatWasAcceptedAndNotDelivered() throws Exception {
        for (long runFor : new long[] {150, 400, 900}) {
            Path dir = root.resolve("running-" + runFor);
            Path killed = root.resolve("killed-" + runFor);
            Traffic traffic;
            try (DiskQueue queue = open(dir, Sync.WRITE)) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread stopper = new Thread(() -> {
                    try {
                        Thread.sleep(runFor);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    stop.set(true);
                });
                stopper.start();
                traffic = run(queue, stop);
                stopper.join();
                // the files as a kill now leaves them (queue.lock aside): the queue is not closed first
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.toList()) {
                        Path target = killed.resolve(dir.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else if (!file.getFileName().toString().equals("queue.lock")) {
                            Files.copy(file, target);
                        }
                    }
                }
            }
            Map<Integer, Integer> replayed = new HashMap<>();
            try (DiskQueue restarted = open(killed, Sync.WRITE)) {
                QueueContents.takeAll(restarted, Signal.TRACES).forEach(held -> replayed.merge(id(held), 1, Integer::sum));
            }
            Set<Integer> owed = new HashSet<>(traffic.accepted);
            owed.removeAll(traffic.delivered);
            assertThat(replayed.keySet()).as("after %d ms: every request accepted and not delivered", runFor)
                    .containsAll(owed);
            assertThat(replayed.keySet()).as("after %d ms: none delivered", runFor).doesNotContainAnyElementsOf(traffic.delivered);
            assertThat(replayed.values()).as("after %d ms: each once", runFor).allMatch(times -> times == 1);
        }
        assertThat(corrupt).hasValue(0);
    }
}
