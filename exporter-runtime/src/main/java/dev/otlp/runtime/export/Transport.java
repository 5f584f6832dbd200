package dev.otlp.runtime.export;

import dev.otlp.runtime.otlp.Signal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One way of carrying a batch to the upstream once, without retrying. */
interface Transport extends AutoCloseable {

    /** Sends the serialized request once with these headers; the future never completes exceptionally. */
    CompletableFuture<Attempt> attempt(Signal signal, byte[] request, Map<String, String> headers);

    int activeConnections();

    /** Lets connections that failed reconnect at once instead of after their back-off. */
    default void resetConnectBackoff() {
    }

    @Override
    void close();
}
