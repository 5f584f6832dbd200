package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.ExporterSeries;
import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PodMonitor that makes Prometheus scrape a mode-sidecar exporter's runtimes in the applications'
 * pods it was injected into: such an exporter has no Service, and the pods are the applications'.
 */
public final class PodMonitors {

    /** Where the injected runtime serves {@code /metrics}: its container in the pod, and that container's port name. */
    public record RuntimeEndpoint(String container, String port) {
    }

    private PodMonitors() {
    }

    /**
     * PodMonitor {@code name} selecting the pods of its namespace labelled {@code otlp.dev/sidecar-of=name}
     * and, in them, the runtime's metrics port in the runtime's container only (an application's
     * container may have a port of that name too). Prometheus labels each series with {@code namespace}, {@code pod}
     * (the application's pod) and {@code container}, and the relabeling with
     * {@link ExporterSeries#EXPORTER_LABEL} (= {@code name}, from the pod's label), by which
     * {@link PrometheusRules} scopes its alerts in every mode.
     *
     * @param runtime  the injected runtime's container and metrics port
     * @param interval scrape interval such as {@code 30s}; null or blank keeps Prometheus's global interval
     * @param labels   labels of the PodMonitor itself (the generated-object labels, plus any a
     *                 Prometheus {@code podMonitorSelector} needs)
     */
    public static GenericKubernetesResource forExporter(String name, String namespace, RuntimeEndpoint runtime,
                                                        String interval, Map<String, String> labels) {
        Map<String, Object> runtimeContainerOnly = new LinkedHashMap<>();
        runtimeContainerOnly.put("action", "keep");
        runtimeContainerOnly.put("sourceLabels", List.of("__meta_kubernetes_pod_container_name"));
        runtimeContainerOnly.put("regex", runtime.container());
        Map<String, Object> endpoint = ServiceMonitors.scrapeEndpoint(runtime.port(),
                List.of(runtimeContainerOnly, ExporterSeries.exporterFrom("pod", Labels.SIDECAR_OF)), interval);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", Map.of("matchLabels", Map.of(Labels.SIDECAR_OF, name)));
        spec.put("podMetricsEndpoints", List.of(endpoint));
        return MonitoringCrds.resource(MonitoringCrds.POD_MONITOR, name, namespace, labels, spec);
    }
}
