package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.api.RetainedQueueStatus;
import dev.otlp.operator.dependent.ExporterStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@value #NAME}: the bytes that wait on each queue claim of a scaled-down StatefulSet replica, one series for each claim
 * an exporter's {@code status.retainedQueues} names, labelled {@value #EXPORTER_NAMESPACE}, {@value #EXPORTER} and
 * {@value #CLAIM}. The pod that could have reported them is gone, so the operator does. The series follow the exporters'
 * cache ({@link ExporterStore}): an exporter stored with a changed status replaces its own series, one removed (deleted,
 * or out of the watched namespaces) drops them. Nothing is read at scrape time but the series themselves, whatever
 * the fleet's size.
 *
 * <p>The exporter's namespace is {@value #EXPORTER_NAMESPACE}, not {@code namespace}: Prometheus labels every series
 * with the namespace of the operator pod it scraped, and would rename a scraped {@code namespace} to
 * {@code exported_namespace}.
 */
public final class RetainedQueueGauges implements ExporterStore.Listener {

    public static final String NAME = "otlp.fleet.operator.retained.queue.bytes";
    public static final String EXPORTER_NAMESPACE = "exporter_namespace";
    public static final String EXPORTER = "exporter";
    public static final String CLAIM = "claim";

    private final MeterRegistry registry;
    /** By the exporter's cache key, then by claim; exporters without retained queues have no entry. */
    private final Map<String, Map<String, Series>> byExporter = new HashMap<>();

    private record Series(Gauge gauge, AtomicLong bytes) {
    }

    RetainedQueueGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized void stored(String key, OtlpExporter exporter) {
        List<RetainedQueueStatus> retained = Optional.ofNullable(exporter.getStatus())
                .map(OtlpExporterStatus::getRetainedQueues).orElse(List.of()).stream()
                .filter(queue -> queue.getClaim() != null).toList();
        Map<String, Series> before = byExporter.getOrDefault(key, Map.of());
        if (retained.isEmpty() && before.isEmpty()) {
            return;
        }
        Map<String, Series> now = new HashMap<>();
        for (RetainedQueueStatus queue : retained) {
            Series series = Optional.ofNullable(before.get(queue.getClaim())).orElseGet(() -> register(exporter, queue.getClaim()));
            series.bytes().set(Optional.ofNullable(queue.getBytes()).orElse(0L));
            now.put(queue.getClaim(), series);
        }
        before.forEach((claim, series) -> {
            if (!now.containsKey(claim)) {
                registry.remove(series.gauge());
            }
        });
        if (now.isEmpty()) {
            byExporter.remove(key);
        } else {
            byExporter.put(key, now);
        }
    }

    @Override
    public synchronized void removed(String key) {
        Optional.ofNullable(byExporter.remove(key))
                .ifPresent(series -> series.values().forEach(one -> registry.remove(one.gauge())));
    }

    private Series register(OtlpExporter exporter, String claim) {
        AtomicLong bytes = new AtomicLong();
        Gauge gauge = Gauge.builder(NAME, bytes, AtomicLong::get)
                .tag(EXPORTER_NAMESPACE, exporter.getMetadata().getNamespace())
                .tag(EXPORTER, exporter.getMetadata().getName())
                .tag(CLAIM, claim)
                .baseUnit(BaseUnits.BYTES)
                .description("Bytes that a scaled-down StatefulSet replica left undelivered on its queue claim, as the"
                        + " exporter's status.retainedQueues names them; a replica with that ordinal delivers them")
                .strongReference(true)
                .register(registry);
        return new Series(gauge, bytes);
    }
}
