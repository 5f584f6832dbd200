package dev.otlp.operator.model;

import dev.otlp.operator.api.AlertsSpec;
import dev.otlp.operator.api.MonitoringSpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.runtime.config.Durations;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.Map;
import java.util.Optional;

/** The alert thresholds of {@code spec.monitoring.alerts}, with the container's limits for the CPU and memory alerts. */
public final class AlertThresholdsFactory {

    private AlertThresholdsFactory() {
    }

    public static AlertThresholds from(OtlpExporter exporter) {
        Optional<AlertsSpec> alerts = Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getMonitoring)
                .map(MonitoringSpec::getAlerts);
        Map<String, Quantity> limits = Optional.ofNullable(ProfileResources.of(exporter))
                .map(ResourceRequirements::getLimits).orElse(Map.of());
        return new AlertThresholds(
                Durations.parse(alerts.map(AlertsSpec::getP99LatencyThreshold)
                        .orElse(AlertsSpec.DEFAULT_P99_LATENCY_THRESHOLD)),
                alerts.map(AlertsSpec::getErrorRateThreshold).orElse(AlertsSpec.DEFAULT_ERROR_RATE_THRESHOLD),
                alerts.map(AlertsSpec::getMinThroughput).orElse(AlertsSpec.DEFAULT_MIN_THROUGHPUT),
                alerts.map(AlertsSpec::getQueueUtilizationThreshold)
                        .orElse(AlertsSpec.DEFAULT_QUEUE_UTILIZATION_THRESHOLD),
                Optional.ofNullable(limits.get("cpu")).map(q -> Quantity.getAmountInBytes(q).doubleValue()).orElse(null),
                Optional.ofNullable(limits.get("memory")).map(q -> Quantity.getAmountInBytes(q).longValue()).orElse(null));
    }
}
