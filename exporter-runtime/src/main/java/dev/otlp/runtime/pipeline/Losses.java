package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.util.concurrent.atomic.AtomicLong;

/** Items accepted from clients that will never reach the upstream: counted by reason, and in all for the shutdown report. */
final class Losses {

    private final RuntimeMetrics metrics;
    private final AtomicLong total = new AtomicLong();

    Losses(RuntimeMetrics metrics) {
        this.metrics = metrics;
    }

    void dropped(Signal signal, long items, String reason) {
        metrics.itemsDropped(signal, items, reason);
        total.addAndGet(items);
    }

    /** Items dropped since start. */
    long total() {
        return total.get();
    }
}
