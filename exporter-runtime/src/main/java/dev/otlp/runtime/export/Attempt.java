package dev.otlp.runtime.export;

import java.time.Duration;

/** What one attempt to send a batch came to, classified as the OTLP specification prescribes. */
sealed interface Attempt {

    /** Reason of a refusal of the credentials (gRPC UNAUTHENTICATED, HTTP 401). */
    String UNAUTHENTICATED = "unauthenticated";

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

    /** Sending the batch again would fail the same way. */
    record Permanent(String reason, String message) implements Attempt {
    }
}
