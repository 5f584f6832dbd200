package dev.otlp.runtime.queue;

import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue.Held;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue killed with SIGKILL in a process of its own at a moment the test does not choose: while
 * producers append and roll segments, batchers deliver, and stuck requests are moved, some of them
 * again ({@link DiskQueue#STUCK_AFTER} zero). The process logs each request accepted once its offer
 * returned and each one delivered just before it is acknowledged; after the kill, a new queue
 * on the same directory must hand out every request accepted and not delivered.
 */
class KilledQueueTest {

    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path root;

    /** The killed process: {@code <queue directory> <log file>}; runs until killed. */
    public static void main(String[] args) throws Exception {
        DiskQueue queue = DiskQueue.open(new PersistenceConfig(true, args[0], 8 << 20, Sync.WRITE), 1_000_000,
                (signal, items) -> { }, Duration.ZERO);
        PrintStream log = new PrintStream(new FileOutputStream(args[1]), true, StandardCharsets.UTF_8);
        for (int p = 0; p < 2; p++) {
            int first = p * 1_000_000;
            new Thread(() -> {
                for (int i = first; ; i++) {
                    byte[] body = ("request-" + i + "-" + "k".repeat(2_000 + (i * 7919) % 10_000)).getBytes(StandardCharsets.UTF_8);
                    while (queue.offer(List.of(new Payload(Signal.TRACES, body, 1))) != Admission.ACCEPTED) {
                        Thread.onSpinWait();
                    }
                    log.println("A " + i);
                }
            }).start();
        }
        for (int b = 0; b < 2; b++) {
            new Thread(() -> {
                List<Held> batch = new ArrayList<>();
                List<Held> stuck = new ArrayList<>();
                try {
                    while (true) {
                        Held held = queue.take(Signal.TRACES, WAIT);
                        if (held == null) {
                            continue;
                        }
                        (id(held) % 40 == 0 ? stuck : batch).add(held);
                        if (batch.size() >= 1 + ThreadLocalRandom.current().nextInt(8)) {
                            deliver(queue, batch, log);
                            batch = new ArrayList<>();
                        }
                        if (stuck.size() >= 6) {
                            // some of the stuck ones settle at last: the copies they were moved to are moved again
                            deliver(queue, new ArrayList<>(stuck.subList(0, 3)), log);
                            stuck.subList(0, 3).clear();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start();
        }
        log.println("running");
    }

    /** Logs the batch as delivered before it is acknowledged: a kill may fall between the two. */
    private static void deliver(DiskQueue queue, List<Held> batch, PrintStream log) {
        batch.forEach(held -> log.println("D " + id(held)));
        queue.acknowledge(batch);
    }

    private static int id(Held held) {
        String text = new String(held.payload().bytes(), 0, 20, StandardCharsets.UTF_8);
        return Integer.parseInt(text.substring("request-".length(), text.indexOf('-', "request-".length())));
    }

    @Test
    void everyRequestAcceptedAndNotDeliveredIsReplayedAfterAKill() throws Exception {
        for (long runFor : new long[] {600, 1_300, 2_100}) {
            Path dir = root.resolve("queue-" + runFor);
            Path log = root.resolve("log-" + runFor);
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KilledQueueTest.class.getName(), dir.toString(), log.toString())
                    .redirectErrorStream(true).redirectOutput(root.resolve("output-" + runFor).toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!(Files.exists(log) && Files.readString(log).contains("running")) && System.nanoTime() < deadline) {
                    assertThat(process.isAlive()).as("the queue process runs").isTrue();
                    Thread.sleep(20);
                }
                Thread.sleep(runFor);
            } finally {
                process.destroyForcibly();
                process.waitFor();
            }

            Set<Integer> owed = new HashSet<>();
            Set<Integer> delivered = new HashSet<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("A ")) {
                    owed.add(Integer.parseInt(line.substring(2)));
                } else if (line.startsWith("D ")) {
                    delivered.add(Integer.parseInt(line.substring(2)));
                }
            }
            owed.removeAll(delivered);
            assertThat(delivered).as("killed after %d ms of traffic", runFor).isNotEmpty();

            Set<Integer> replayed = new HashSet<>();
            try (DiskQueue restarted = DiskQueue.open(new PersistenceConfig(true, dir.toString(), 8 << 20, Sync.WRITE),
                    1_000_000, (signal, items) -> { })) {
                QueueContents.takeAll(restarted, Signal.TRACES).forEach(held -> replayed.add(id(held)));
            }
            Set<Integer> lost = new HashSet<>(owed);
            lost.removeAll(replayed);
            assertThat(lost).as("killed after %d ms: accepted, not delivered, and not replayed", runFor).isEmpty();
        }
    }
}
