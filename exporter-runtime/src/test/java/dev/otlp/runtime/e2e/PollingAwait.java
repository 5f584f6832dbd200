package dev.otlp.runtime.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition that other threads or processes make true; generous, never a timing assertion. */
final class PollingAwait {

    private static final long TIMEOUT_SECONDS = 30;

    private PollingAwait() {
    }

    static void until(String what, Callable<Boolean> condition) {
        until(what, Duration.ofSeconds(TIMEOUT_SECONDS), condition);
    }

    static void until(String what, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what, last);
    }
}
