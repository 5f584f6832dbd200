package dev.otlp.runtime.export;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the n-th retry waits a random time between half and all of
 * {@code initial * 2^n}, capped at {@code max}.
 */
record Backoff(Duration initial, Duration max) {

    Duration delay(int retry) {
        long ceiling = max.toNanos();
        long capped = Math.min(initial.toNanos(), ceiling);
        for (int i = 0; i < retry && capped < ceiling; i++) {
            capped = Math.min(capped * 2, ceiling);
        }
        long half = capped / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    /** The delay of a retry past the quick ones: between half and all of {@code max}. */
    Duration capped() {
        return delay(Integer.MAX_VALUE);
    }
}
