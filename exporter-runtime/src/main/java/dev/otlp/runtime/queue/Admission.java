package dev.otlp.runtime.queue;

/** The answer to a receiver that hands over a request. */
public enum Admission {
    /** Stored in the queue: the client may be told its data was accepted. */
    ACCEPTED,
    /** The queue's item, byte or disk bound would be exceeded: retryable (gRPC RESOURCE_EXHAUSTED + RetryInfo, HTTP 429). */
    QUEUE_FULL,
    /**
     * The request can never be exported: one of its items is larger than {@code [otlp] max_export_size},
     * or it is larger than the whole queue. Not retryable (gRPC RESOURCE_EXHAUSTED without RetryInfo, HTTP 413).
     */
    TOO_LARGE,
    /** The runtime is draining for shutdown: retryable elsewhere (gRPC UNAVAILABLE, HTTP 503). */
    SHUTTING_DOWN
}
