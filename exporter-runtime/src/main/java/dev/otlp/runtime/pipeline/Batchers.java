package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.PayloadQueue;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/** One {@link SignalBatcher} per signal, each on its own worker thread, handing every batch it fills to the next layer. */
final class Batchers {

    private final Map<Signal, SignalBatcher> batchers = new EnumMap<>(Signal.class);
    private final Map<Signal, Thread> workers = new EnumMap<>(Signal.class);

    Batchers(PerformanceConfig performance, PayloadQueue queue, MaxExportSize maxExportSize, Consumer<Batch> next,
             RuntimeMetrics metrics) {
        for (Signal signal : Signal.values()) {
            AdaptiveBatchSize size = new AdaptiveBatchSize(performance.effectiveBatchSize(), performance.maxBatchSize(),
                    performance.enableBatching() && performance.enableAdaptiveBatching());
            batchers.put(signal, new SignalBatcher(signal, queue, size, performance.maxBatchSize(), maxExportSize.bytes(),
                    performance.batchTimeout(), next));
            metrics.batchTargetSizeGauge(signal, size::target);
        }
    }

    void start() {
        batchers.forEach((signal, batcher) -> {
            Thread worker = new Thread(batcher, "batcher-" + signal.key());
            worker.setDaemon(true);
            workers.put(signal, worker);
            worker.start();
        });
    }

    /** Batches leave as soon as nothing more is waiting, without waiting for {@code batch_timeout}. */
    void flushEagerly() {
        batchers.values().forEach(SignalBatcher::flushEagerly);
    }

    /** Ends every worker; a payload a worker had taken and not yet batched stays held by the queue. */
    void stop() throws InterruptedException {
        for (Map.Entry<Signal, Thread> entry : workers.entrySet()) {
            batchers.get(entry.getKey()).stop(entry.getValue());
        }
    }
}
