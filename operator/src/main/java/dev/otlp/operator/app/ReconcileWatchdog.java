package dev.otlp.operator.app;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the reconcile loop makes progress: JOSDK's metrics, passed on unchanged, seen on their
 * way. A reconciliation is pending from when JOSDK hands it to its executor until that execution
 * ends, successful or not. The loop is stalled when reconciliations are pending and none has ended
 * for longer than the threshold (counted from when the first of them was handed over, if later);
 * with nothing pending it is idle, not stalled, however long it stays so.
 *
 * <p>Exports {@value #PENDING} (the queue's depth) and {@value #STALLED} (how long work has waited
 * without a reconciliation ending; 0 while idle or progressing).
 */
final class ReconcileWatchdog extends ForwardingMetrics {

    static final String PENDING = "otlp.fleet.operator.reconciles.pending";
    static final String STALLED = "otlp.fleet.operator.reconciles.stalled.seconds";

    private final Clock clock;
    private final Duration threshold;
    private int pending;
    private Instant lastProgress;

    ReconcileWatchdog(Metrics delegate, MeterRegistry registry, Clock clock, Duration threshold) {
        super(delegate);
        this.clock = clock;
        this.threshold = threshold;
        this.lastProgress = clock.instant();
        Gauge.builder(PENDING, this, ReconcileWatchdog::pending)
                .description("Reconciliations handed to the executor and not yet ended").register(registry);
        Gauge.builder(STALLED, this, watchdog -> watchdog.waitingWithoutProgress().toMillis() / 1000.0)
                .description("How long reconciliations have been pending without one ending; 0 when none is pending")
                .baseUnit("seconds").register(registry);
    }

    /** Why the reconcile loop counts as stuck, or empty while it progresses or is idle. */
    synchronized Optional<String> stall() {
        Duration waiting = waitingWithoutProgress();
        if (waiting.compareTo(threshold) <= 0) {
            return Optional.empty();
        }
        return Optional.of(pending + " reconciliation(s) pending and none ended for " + waiting.toSeconds()
                + "s (threshold " + threshold.toSeconds() + "s)");
    }

    synchronized int pending() {
        return pending;
    }

    private synchronized Duration waitingWithoutProgress() {
        return pending == 0 ? Duration.ZERO : Duration.between(lastProgress, clock.instant());
    }

    @Override
    public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        synchronized (this) {
            if (pending++ == 0) {
                lastProgress = clock.instant();
            }
        }
        super.reconcileCustomResource(resource, retryInfo, metadata);
    }

    @Override
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        synchronized (this) {
            pending = Math.max(0, pending - 1);
            lastProgress = clock.instant();
        }
        super.reconciliationExecutionFinished(resource, metadata);
    }
}
