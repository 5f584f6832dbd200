package dev.otlp.runtime.export;

import dev.otlp.runtime.otlp.Signal;

import java.util.concurrent.CompletableFuture;

/**
 * Sends batches to the collector: compression, the connection pool, authentication, TLS and
 * retries all live behind this one call.
 */
public interface Upstream extends AutoCloseable {

    /**
     * Delivers one batch, a serialized {@code Export*ServiceRequest} holding {@code items} items,
     * retrying as configured. The future completes (never exceptionally) once the batch is
     * delivered, rejected for good, or out of attempts.
     */
    CompletableFuture<Delivery> send(Signal signal, byte[] request, int items);

    /** Connections currently open to the upstream. */
    int activeConnections();

    /** Stops retrying, fails what is still pending and closes every connection. */
    @Override
    void close();
}
