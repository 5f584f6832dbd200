package dev.otlp.runtime.export;

import dev.otlp.runtime.otlp.Signal;

import java.util.concurrent.CompletableFuture;

/** One way of carrying a batch to the upstream once, without retrying. */
interface Transport extends AutoCloseable {

    /** Sends the serialized request once; the future never completes exceptionally. */
    CompletableFuture<Attempt> attempt(Signal signal, byte[] request);

    int activeConnections();

    @Override
    void close();
}
