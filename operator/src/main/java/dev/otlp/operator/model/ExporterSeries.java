package dev.otlp.operator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The label that names the exporter on every series scraped from its runtimes, whatever runs them:
 * its own pods behind a Service ({@link ServiceMonitors}) or applications' pods it was injected into
 * ({@link PodMonitors}), whose names and Services are the applications'. Each monitor copies a label
 * of the object it discovers into {@link #EXPORTER_LABEL}, and {@link PrometheusRules} selects by it.
 */
public final class ExporterSeries {

    /** The target label holding the OtlpExporter's name. */
    public static final String EXPORTER_LABEL = "otlp_exporter";

    private ExporterSeries() {
    }

    /** The PromQL label matchers of one exporter's series. */
    public static String selector(String namespace, String exporterName) {
        return "{namespace=\"" + namespace + "\", " + EXPORTER_LABEL + "=\"" + exporterName + "\"}";
    }

    /** The same, and one more matcher of the runtime's own labels, e.g. {@code upstream!="primary"}. */
    public static String selector(String namespace, String exporterName, String matcher) {
        return "{namespace=\"" + namespace + "\", " + EXPORTER_LABEL + "=\"" + exporterName + "\", " + matcher + "}";
    }

    /**
     * The relabeling that copies the Kubernetes label {@code labelKey} of the discovered {@code role}
     * ({@code service} or {@code pod}) into {@link #EXPORTER_LABEL}.
     */
    public static Map<String, Object> exporterFrom(String role, String labelKey) {
        Map<String, Object> relabeling = new LinkedHashMap<>();
        relabeling.put("action", "replace");
        relabeling.put("sourceLabels", List.of(discoveredLabel(role, labelKey)));
        relabeling.put("targetLabel", EXPORTER_LABEL);
        return relabeling;
    }

    /** The meta label under which Prometheus's Kubernetes discovery exposes a label of the discovered object. */
    public static String discoveredLabel(String role, String labelKey) {
        return "__meta_kubernetes_" + role + "_label_" + labelKey.replaceAll("[^a-zA-Z0-9_]", "_");
    }
}
