package dev.otlp.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the child processes a benchmark starts. */
public final class Processes {

    private Processes() {
    }

    /**
     * Waits up to {@code grace} for {@code process} to exit, then kills it. Interrupted, it kills it at once
     * and keeps the interrupt.
     */
    public static void awaitExit(Process process, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
