package dev.otlp.runtime.export;

import java.time.Duration;

/** What one attempt to send a batch came to, classified as the OTLP specification prescribes. */
sealed interface Attempt {

    /** The upstream took the batch; {@code rejected} items of it were refused (partial success). */
    record Accepted(long rejected, String message) implements Attempt {
    }

    /**
     * The batch may succeed if sent again.
     *
     * @param throttle how long the server asked the client to wait, or null when it did not say
     */
    record Retryable(String reason, String message, Duration throttle) implements Attempt {
        Retryable(String reason, String message) {
            this(reason, message, null);
        }
    }

    /**
     * The upstream refuses every batch because of how this runtime reaches it (credentials,
     * permissions, address, TLS): the data is not at fault, so it is held until that is fixed.
     */
    record Blocked(UpstreamHealth.BlockReason reason, String message) implements Attempt {
    }

    /** The upstream refuses this batch's data for good: sending it again would fail the same way. */
    record Rejected(String reason, String message) implements Attempt {
    }
}
