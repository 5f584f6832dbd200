package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Prometheus Operator objects for the exporter: created only where the monitoring.coreos.com CRDs exist.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MonitoringSpec {

    @JsonPropertyDescription("A ServiceMonitor that scrapes the exporters' /metrics (port metrics, 9090).")
    private ServiceMonitorOptions serviceMonitor;

    @JsonPropertyDescription("A PrometheusRule <name>-alerts on the exporters' own metrics: data dropped, export failures, queue saturation, p99 latency, error rate, low throughput, CPU, memory, exporter down.")
    private AlertsSpec alerts;

    public ServiceMonitorOptions getServiceMonitor() {
        return serviceMonitor;
    }

    public void setServiceMonitor(ServiceMonitorOptions serviceMonitor) {
        this.serviceMonitor = serviceMonitor;
    }

    public AlertsSpec getAlerts() {
        return alerts;
    }

    public void setAlerts(AlertsSpec alerts) {
        this.alerts = alerts;
    }
}
