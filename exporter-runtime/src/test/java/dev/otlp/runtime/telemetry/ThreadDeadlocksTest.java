package dev.otlp.runtime.telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadDeadlocksTest {

    private final ThreadDeadlocks liveness = new ThreadDeadlocks();

    @Test
    void reportsNoProblemWhileThreadsMakeProgress() {
        assertThat(liveness.problems()).isEmpty();
    }

    @Test
    void namesThreadsThatAreDeadlocked() throws InterruptedException {
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread a = lockInOrder("deadlock-test-a", first, second, bothHoldOne);
        Thread b = lockInOrder("deadlock-test-b", second, first, bothHoldOne);
        try {
            List<String> problems = awaitProblems();

            assertThat(problems).containsExactly("threads deadlocked: deadlock-test-a, deadlock-test-b");
        } finally {
            a.interrupt();
            b.interrupt();
            a.join(TimeUnit.SECONDS.toMillis(30));
            b.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(liveness.problems()).isEmpty();
    }

    private List<String> awaitProblems() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> problems = liveness.problems();
        while (problems.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            problems = liveness.problems();
        }
        return problems;
    }

    private static Thread lockInOrder(String name, ReentrantLock held, ReentrantLock wanted, CountDownLatch bothHoldOne) {
        Thread thread = new Thread(() -> {
            held.lock();
            try {
                bothHoldOne.countDown();
                bothHoldOne.await();
                wanted.lockInterruptibly();
                wanted.unlock();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.unlock();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
