package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.export.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The last layer of the pipeline: hands a batch to the {@link Upstream} (which retries, compresses and
 * sends) with its expiry, {@code [queue] max_age} after its oldest request, and times the send. A
 * batch is never given up for the runtime's own failure: it is sent again a second later, on the
 * sender threads; once they stop, the resend does not run and the batch stays held by the queue.
 */
final class UpstreamSender {

    private static final Logger log = LoggerFactory.getLogger(UpstreamSender.class);
    private static final long RESEND_DELAY_SECONDS = 1;

    /** What the upstream said about one batch, and how long the send that got the answer took. */
    @FunctionalInterface
    interface Answer {
        void answered(Delivery delivery, long durationNanos);
    }

    private final Upstream upstream;
    private final long maxAgeMillis;
    private final Executor senders;

    /** {@code maxAgeMillis} 0 holds a batch for as long as it takes. */
    UpstreamSender(Upstream upstream, long maxAgeMillis, Executor senders) {
        this.upstream = upstream;
        this.maxAgeMillis = maxAgeMillis;
        this.senders = senders;
    }

    void send(Batch batch, Answer answer) {
        long start = System.nanoTime();
        long expiresAt = maxAgeMillis > 0 ? batch.oldestMillis() + maxAgeMillis : Upstream.NEVER_EXPIRES;
        try {
            upstream.send(batch.signal(), batch.request(), batch.items(), expiresAt).whenComplete((delivery, error) -> {
                if (error != null) {
                    log.error("sending a {} batch failed unexpectedly; sending it again", batch.signal().key(), error);
                    sendAgainLater(batch, answer);
                } else {
                    answer.answered(delivery, System.nanoTime() - start);
                }
            });
        } catch (RuntimeException e) {
            log.error("sending a {} batch failed before it left; sending it again", batch.signal().key(), e);
            sendAgainLater(batch, answer);
        }
    }

    private void sendAgainLater(Batch batch, Answer answer) {
        CompletableFuture.delayedExecutor(RESEND_DELAY_SECONDS, TimeUnit.SECONDS, senders).execute(() -> send(batch, answer));
    }
}
