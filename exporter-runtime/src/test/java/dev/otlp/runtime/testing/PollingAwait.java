package dev.otlp.runtime.testing;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits (with Awaitility) for a condition that other threads or processes make true; generous, never a timing assertion. */
public final class PollingAwait {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(10);

    private PollingAwait() {
    }

    /** A condition that throws counts as not holding yet. */
    public static void until(String what, Callable<Boolean> condition) {
        until(what, TIMEOUT, condition);
    }

    public static void until(String what, Duration timeout, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).ignoreExceptions()
                .until(condition);
    }
}
