package dev.otlp.runtime.export;

import dev.otlp.runtime.otlp.Signal;

import java.util.concurrent.CompletableFuture;

/**
 * Sends batches to the collector: compression, the connection pool, authentication, TLS and
 * retries all live behind this one call.
 */
public interface Upstream extends AutoCloseable {

    /** The expiry of a batch that may be held for as long as it takes. */
    long NEVER_EXPIRES = Long.MAX_VALUE;

    /**
     * Delivers one batch, a serialized {@code Export*ServiceRequest} holding {@code items} items,
     * retrying for as long as it may get through. The future completes (never exceptionally) once
     * the batch is delivered, its data is refused for good, it is still undelivered after
     * {@code expiresAtMillis} (wall clock), or the upstream is closed.
     */
    CompletableFuture<Delivery> send(Signal signal, byte[] request, int items, long expiresAtMillis);

    /** Connections currently open to the upstream. */
    int activeConnections();

    /** Stops retrying, ends what is still pending as unsent and closes every connection. */
    @Override
    void close();
}
