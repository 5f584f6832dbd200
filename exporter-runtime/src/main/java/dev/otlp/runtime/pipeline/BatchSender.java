package dev.otlp.runtime.pipeline;

/** A layer between the batchers and the upstream: sends a batch on, and says when the batch is settled. */
@FunctionalInterface
interface BatchSender {

    /**
     * Sends {@code batch}; {@code settled} runs once, when the queue no longer waits on this send: the
     * batch was delivered, dropped for good, or left held (counted at stop or kept on disk).
     */
    void send(Batch batch, Runnable settled);
}
