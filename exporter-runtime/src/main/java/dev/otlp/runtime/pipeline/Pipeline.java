package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.export.Upstream;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.queue.PayloadQueue;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The path from receivers to the upstream, composed here from layers that each do one thing, as the
 * Collector's exporterhelper composes its senders: {@link QueueIntake} (split to
 * {@code max_export_size}, refuse rather than drop) → the queue → {@link Batchers} →
 * {@link InFlightLimit} ({@code max_connections}) → {@link Settlement} (acknowledge, count, isolate a
 * refused request) → {@link UpstreamSender} → the {@link Upstream} (retry, compression, transport).
 * A batch is acknowledged to the queue only once the upstream took it or refused its data for good.
 * The pipeline itself runs the lifecycle: start, drain and stop.
 */
public final class Pipeline implements Intake {

    /** How long a draining persistent queue waits for the upstream to take anything before it stops draining. */
    private static final Duration PERSISTENT_DRAIN_PATIENCE = Duration.ofSeconds(1);

    private final PayloadQueue queue;
    private final double highWaterMark;
    private final QueueIntake intake;
    private final Batchers batchers;
    private final InFlightLimit inFlight;
    private final Losses losses;

    public Pipeline(PerformanceConfig performance, QueueConfig queueConfig, long maxExportSize, PayloadQueue queue,
                    Upstream upstream, RuntimeMetrics metrics) {
        this.queue = queue;
        this.highWaterMark = queueConfig.highWaterMark();
        MaxExportSize exportSize = new MaxExportSize(maxExportSize);
        this.intake = new QueueIntake(queue, exportSize);
        this.losses = new Losses(metrics);
        this.inFlight = new InFlightLimit(performance.effectiveMaxConnections());
        long maxAgeMillis = queueConfig.expires() ? queueConfig.maxAge().toMillis() : 0;
        Settlement settlement = new Settlement(new UpstreamSender(upstream, maxAgeMillis, inFlight.senders()), queue,
                losses, metrics);
        this.batchers = new Batchers(performance, queue, exportSize, batch -> inFlight.send(batch, settlement), metrics);
        metrics.queueGauges(queue::items, queue::maxItems, queue::bytes, queue::maxBytes);
        metrics.activeConnectionsGauge(upstream::activeConnections);
    }

    public void start() {
        batchers.start();
    }

    @Override
    public Admission offer(Payload payload) {
        return intake.offer(payload);
    }

    @Override
    public String tooLargeMessage(Payload refused) {
        return intake.tooLargeMessage(refused);
    }

    /** Why this runtime should not get new traffic now; empty when it should. */
    public List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>();
        if (intake.closed()) {
            reasons.add("draining for shutdown");
        }
        double utilization = queue.utilization();
        if (utilization >= highWaterMark) {
            reasons.add(String.format("queue above its high-water mark (%.0f%% full, mark %.0f%%)",
                    utilization * 100, highWaterMark * 100));
        }
        return reasons;
    }

    /**
     * Refuses new data from now on and sends what is held without waiting for batch timeouts.
     * A persistent queue keeps what it holds on disk for the next start, so its drain ends as soon
     * as the upstream takes nothing for {@link #PERSISTENT_DRAIN_PATIENCE}: a blocked upstream does
     * not hold the shutdown for the whole {@code timeout}, and a working one still empties it.
     * Returns true when everything held was delivered (or dropped for good) within {@code timeout}.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        intake.close();
        batchers.flushEagerly();
        long deadline = System.nanoTime() + timeout.toNanos();
        long held = queue.items();
        long lastProgress = System.nanoTime();
        while (held > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
            long now = queue.items();
            if (now < held) {
                lastProgress = System.nanoTime();
            } else if (queue.persistent() && System.nanoTime() - lastProgress > PERSISTENT_DRAIN_PATIENCE.toNanos()) {
                break;
            }
            held = now;
        }
        return queue.items() == 0;
    }

    /**
     * Stops the batchers and senders, after {@link #drain} and after the upstream was closed.
     * What the queue still holds is counted as dropped for a memory queue, and kept for the next
     * start by a persistent one.
     *
     * @return the items accepted from clients since start that will never reach the upstream
     */
    public long stop() throws InterruptedException {
        intake.close();
        batchers.stop();
        inFlight.stop();
        for (Signal signal : Signal.values()) {
            long held = queue.items(signal);
            if (held > 0 && !queue.persistent()) {
                losses.dropped(signal, held, "shutdown");
            }
        }
        return losses.total();
    }

    /** Items the persistent queue keeps for delivery after the next start. */
    public long retained() {
        return queue.persistent() ? queue.items() : 0;
    }
}
