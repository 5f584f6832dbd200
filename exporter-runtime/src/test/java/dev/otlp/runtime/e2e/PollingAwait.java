package dev.otlp.runtime.e2e;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Waits for a condition that other threads or processes make true; generous, never a timing assertion. */
final class PollingAwait {

    private static final long TIMEOUT_SECONDS = 30;

    private PollingAwait() {
    }

    static void until(String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
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
        throw new AssertionError("waited " + TIMEOUT_SECONDS + " s for " + what, last);
    }
}
