package dev.otlp.operator.model;

import dev.otlp.operator.api.MonitoringSpec;
import dev.otlp.operator.api.OtlpExporterSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.Optional;

/**
 * What Prometheus gets for the exporter, from {@code spec.monitoring}: each part present when its {@code enabled}
 * switches it on.
 *
 * @param serviceMonitor a ServiceMonitor, for an exporter with pods of its own
 * @param podMonitor     a PodMonitor, for a sidecar in the applications' pods
 * @param alerts         a PrometheusRule with these thresholds
 */
public record Monitoring(Optional<Scrape> serviceMonitor, Optional<Scrape> podMonitor, Optional<AlertThresholds> alerts) {

    /** @param interval the scrape interval such as {@code 30s}; null keeps Prometheus's own */
    public record Scrape(String interval) {
    }

    /** @param resources the container's resources, whose limits the CPU and memory alerts compare against */
    static Monitoring of(OtlpExporterSpec spec, ResourceRequirements resources) {
        Optional<MonitoringSpec> monitoring = Optional.ofNullable(spec.getMonitoring());
        return new Monitoring(
                monitoring.map(MonitoringSpec::getServiceMonitor).filter(options -> Boolean.TRUE.equals(options.getEnabled()))
                        .map(options -> new Scrape(options.getInterval())),
                monitoring.map(MonitoringSpec::getPodMonitor).filter(options -> Boolean.TRUE.equals(options.getEnabled()))
                        .map(options -> new Scrape(options.getInterval())),
                monitoring.map(MonitoringSpec::getAlerts).filter(alerts -> Boolean.TRUE.equals(alerts.getEnabled()))
                        .map(alerts -> AlertThresholds.of(alerts, resources)));
    }

    /** Whether any of it is switched on. */
    public boolean wanted() {
        return serviceMonitor.isPresent() || podMonitor.isPresent() || alerts.isPresent();
    }
}
