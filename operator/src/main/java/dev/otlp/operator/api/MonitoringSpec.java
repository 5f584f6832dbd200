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

    @JsonPropertyDescription("A ServiceMonitor that scrapes the exporters' /metrics (port metrics, 9090) through their Service. Not for mode sidecar, which has no Service: see podMonitor.")
    private ServiceMonitorOptions serviceMonitor;

    @JsonPropertyDescription("Mode sidecar only: a PodMonitor that scrapes /metrics (port metrics, 8888) of the otlp-exporter container in every pod the exporter was injected into (labelled otlp.dev/sidecar-of).")
    private PodMonitorOptions podMonitor;

    @JsonPropertyDescription("A PrometheusRule <name>-alerts on the exporters' own metrics: exporter down or not scraped, data dropped, export failures, upstream refusing the exporter, failover to a secondary upstream, changed credentials that do not load (the pod keeps the previous ones), queue saturation, p99 latency, error rate, low throughput, CPU, memory. Its rules select the label otlp_exporter=<name>, which the ServiceMonitor or PodMonitor sets.")
    private AlertsSpec alerts;

    public ServiceMonitorOptions getServiceMonitor() {
        return serviceMonitor;
    }

    public void setServiceMonitor(ServiceMonitorOptions serviceMonitor) {
        this.serviceMonitor = serviceMonitor;
    }

    public PodMonitorOptions getPodMonitor() {
        return podMonitor;
    }

    public void setPodMonitor(PodMonitorOptions podMonitor) {
        this.podMonitor = podMonitor;
    }

    public AlertsSpec getAlerts() {
        return alerts;
    }

    public void setAlerts(AlertsSpec alerts) {
        this.alerts = alerts;
    }
}
