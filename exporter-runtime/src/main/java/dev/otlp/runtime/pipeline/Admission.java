package dev.otlp.runtime.pipeline;

/** The pipeline's answer to a receiver that hands it a {@link Payload}. */
public enum Admission {
    /** Queued: the client may be told its data was accepted. */
    ACCEPTED,
    /** The queue's item or byte bound would be exceeded: retryable (gRPC RESOURCE_EXHAUSTED, HTTP 429). */
    QUEUE_FULL,
    /** The runtime is draining for shutdown: retryable elsewhere (gRPC UNAVAILABLE, HTTP 503). */
    SHUTTING_DOWN
}
