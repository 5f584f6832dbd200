package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.export.Delivery;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Settles each batch with the queue by what the upstream answered: acknowledged once delivered,
 * refused for good or expired (the lost items counted by reason), still held when unsent. A refused
 * batch of several requests is isolated rather than dropped: its {@link Batch#halves() halves} are
 * sent again on their own, and so on, until only the refused requests are dropped.
 */
final class Settlement implements BatchSender {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final UpstreamSender upstream;
    private final PayloadQueue queue;
    private final Losses losses;
    private final RuntimeMetrics metrics;

    Settlement(UpstreamSender upstream, PayloadQueue queue, Losses losses, RuntimeMetrics metrics) {
        this.upstream = upstream;
        this.queue = queue;
        this.losses = losses;
        this.metrics = metrics;
    }

    @Override
    public void send(Batch batch, Runnable settled) {
        upstream.send(batch, (delivery, durationNanos) -> settle(batch, delivery, durationNanos, settled));
    }

    private void settle(Batch batch, Delivery delivery, long durationNanos, Runnable settled) {
        Signal signal = batch.signal();
        switch (delivery.outcome()) {
            case DELIVERED -> {
                metrics.batchSent(signal, batch.items(), durationNanos);
                metrics.itemsExported(signal, delivery.delivered());
                if (delivery.rejected() > 0) {
                    losses.dropped(signal, delivery.rejected(), delivery.reason());
                    log.warn("upstream did not take {} of {} {}: {}{}", delivery.rejected(), batch.items(),
                            signal.itemName(), delivery.reason(), describe(delivery));
                }
                queue.acknowledge(batch.held());
            }
            case REJECTED -> {
                if (batch.parts() > 1) {
                    isolate(batch, settled);
                    return;
                }
                losses.dropped(signal, batch.items(), "rejected");
                log.warn("upstream refused a {} request of {} {} ({} bytes) for good: {}{}", signal.key(), batch.items(),
                        signal.itemName(), batch.bytes(), delivery.reason(), describe(delivery));
                queue.acknowledge(batch.held());
            }
            case EXPIRED -> {
                losses.dropped(signal, batch.items(), "expired");
                log.warn("dropped {} {} held longer than [queue] max_age; the upstream still fails: {}",
                        batch.items(), signal.itemName(), delivery.message());
                queue.acknowledge(batch.held());
            }
            case UNSENT -> {
                // still held by the queue: counted at stop, or kept on disk for the next start
            }
        }
        settled.run();
    }

    /**
     * Sends the halves of a refused batch on their own, one after the other, so that only the refused
     * requests are dropped and a batch never has more than one export in flight.
     */
    private void isolate(Batch batch, Runnable settled) {
        List<Batch> halves = batch.halves();
        send(halves.get(0), () -> send(halves.get(1), settled));
    }

    private static String describe(Delivery delivery) {
        return delivery.message() == null ? "" : " (" + delivery.message() + ")";
    }
}
