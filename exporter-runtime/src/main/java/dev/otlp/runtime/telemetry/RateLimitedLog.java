package dev.otlp.runtime.telemetry;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning that clients can cause at will (malformed requests, slow connections): written at most
 * once per interval, saying how many like it were left out since, so that a flood of bad requests
 * cannot flood the log. Metrics count every one.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, Duration interval) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} at WARN, without a stack trace, unless another was logged within the interval. */
    public void warn(String message) {
        if (allowed()) {
            logger.warn(withSuppressed(message));
        }
    }

    /** Logs {@code message} at ERROR with {@code cause}'s stack trace, unless another was logged within the interval. */
    public void error(String message, Throwable cause) {
        if (allowed()) {
            logger.error(withSuppressed(message), cause);
        }
    }

    private boolean allowed() {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        return true;
    }

    private String withSuppressed(String message) {
        long left = suppressed.getAndSet(0);
        return left == 0 ? message
                : message + " (and " + left + " more like it since the previous line, not logged)";
    }
}
