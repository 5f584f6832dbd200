package dev.otlp.operator.model;

import dev.otlp.operator.api.AlertsSpec;
import dev.otlp.runtime.config.Durations;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the alerts of one exporter fire.
 *
 * @param p99Latency             p99 request latency above which {@code OtlpExporterHighLatency} fires
 * @param errorRate              errors per request (0..1) above which {@code OtlpExporterHighErrorRate} fires
 * @param minThroughputPerSecond items received per second and pod below which {@code OtlpExporterLowThroughput}
 *                               fires; 0 leaves that alert out, because idle exporters are normal
 * @param queueUtilization       queue fill (0..1) above which {@code OtlpExporterQueueSaturated} fires
 * @param cpuLimitCores          the container's CPU limit in cores; null leaves {@code OtlpExporterHighCpu} out
 * @param memoryLimitBytes       the container's memory limit; null leaves {@code OtlpExporterHighMemory} out
 */
public record AlertThresholds(
        Duration p99Latency,
        double errorRate,
        double minThroughputPerSecond,
        double queueUtilization,
        Double cpuLimitCores,
        Long memoryLimitBytes) {

    public AlertThresholds {
        if (p99Latency == null || p99Latency.isZero() || p99Latency.isNegative()) {
            throw new IllegalArgumentException("p99Latency must be a positive duration, was " + p99Latency);
        }
        requireFraction("errorRate", errorRate);
        requireFraction("queueUtilization", queueUtilization);
        if (!(minThroughputPerSecond >= 0) || Double.isInfinite(minThroughputPerSecond)) {
            throw new IllegalArgumentException("minThroughputPerSecond must be 0 or more, was " + minThroughputPerSecond);
        }
        if (cpuLimitCores != null && !(cpuLimitCores > 0 && Double.isFinite(cpuLimitCores))) {
            throw new IllegalArgumentException("cpuLimitCores must be positive when set, was " + cpuLimitCores);
        }
        if (memoryLimitBytes != null && memoryLimitBytes <= 0) {
            throw new IllegalArgumentException("memoryLimitBytes must be positive when set, was " + memoryLimitBytes);
        }
    }

    /**
     * The thresholds of {@code spec.monitoring.alerts}, each defaulted as the field documents, with the container's
     * limits for the CPU and memory alerts.
     */
    static AlertThresholds of(AlertsSpec alerts, ResourceRequirements resources) {
        Map<String, Quantity> limits = Optional.ofNullable(resources).map(ResourceRequirements::getLimits).orElse(Map.of());
        return new AlertThresholds(
                Durations.parse(Optional.ofNullable(alerts.getP99LatencyThreshold())
                        .orElse(AlertsSpec.DEFAULT_P99_LATENCY_THRESHOLD)),
                Optional.ofNullable(alerts.getErrorRateThreshold()).orElse(AlertsSpec.DEFAULT_ERROR_RATE_THRESHOLD),
                Optional.ofNullable(alerts.getMinThroughput()).orElse(AlertsSpec.DEFAULT_MIN_THROUGHPUT),
                Optional.ofNullable(alerts.getQueueUtilizationThreshold())
                        .orElse(AlertsSpec.DEFAULT_QUEUE_UTILIZATION_THRESHOLD),
                Optional.ofNullable(limits.get("cpu")).map(q -> Quantity.getAmountInBytes(q).doubleValue()).orElse(null),
                Optional.ofNullable(limits.get("memory")).map(q -> Quantity.getAmountInBytes(q).longValue()).orElse(null));
    }

    private static void requireFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
        }
    }
}
