package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.ExporterSeries;
import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ServiceMonitor that makes Prometheus scrape the pods of a gateway (any mode but sidecar) through its Service. */
public final class ServiceMonitors {

    /** The Service port that serves the runtime's {@code /metrics}. */
    public static final String METRICS_PORT = "metrics";
    public static final String METRICS_PATH = "/metrics";

    private ServiceMonitors() {
    }

    /**
     * ServiceMonitor {@code name} selecting the Service labelled with the exporter's name and instance labels.
     * Prometheus labels each scraped series with {@code namespace}, {@code service} and {@code pod}, and the
     * relabeling with {@link ExporterSeries#EXPORTER_LABEL} (= {@code name}, the Service's instance label), by
     * which {@link PrometheusRules} scopes its alerts in every mode.
     *
     * @param interval scrape interval such as {@code 30s}; null or blank keeps Prometheus's global interval
     * @param labels   labels of the ServiceMonitor itself (the generated-object labels, plus any a
     *                 Prometheus {@code serviceMonitorSelector} needs)
     */
    public static GenericKubernetesResource forExporter(String name, String namespace, String interval,
                                                        Map<String, String> labels) {
        Map<String, Object> endpoint = scrapeEndpoint(METRICS_PORT,
                List.of(ExporterSeries.exporterFrom("service", Labels.INSTANCE)), interval);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", Map.of("matchLabels", Labels.selector(name)));
        spec.put("endpoints", List.of(endpoint));
        return MonitoringCrds.resource(MonitoringCrds.SERVICE_MONITOR, name, namespace, labels, spec);
    }

    /** A scrape of {@value #METRICS_PATH} on the port named {@code port}, every {@code interval} when one is given. */
    static Map<String, Object> scrapeEndpoint(String port, List<Map<String, Object>> relabelings, String interval) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", port);
        endpoint.put("path", METRICS_PATH);
        endpoint.put("relabelings", relabelings);
        if (interval != null && !interval.isBlank()) {
            endpoint.put("interval", interval);
        }
        return endpoint;
    }
}
