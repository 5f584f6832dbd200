package dev.otlp.operator.monitoring;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.render.Services;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceMonitorsTest {

    private static final GoldenFiles GOLDEN = new GoldenFiles("monitoring", "ServiceMonitorsTest");

    private static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "otlp-exporter",
            "app.kubernetes.io/instance", "gateway",
            "app.kubernetes.io/managed-by", "otlp-fleet-operator",
            "release", "prometheus");

    /** The Service's instance label, the exporter's name, becomes the series label the alerts select. */
    private static final List<Map<String, Object>> COPY_INSTANCE = List.of(Map.of("action", "replace",
            "sourceLabels", List.of("__meta_kubernetes_service_label_app_kubernetes_io_instance"),
            "targetLabel", "otlp_exporter"));

    @Test
    void matchesGoldenFile() {
        GOLDEN.assertMatches("servicemonitor.yaml",
                Serialization.asYaml(ServiceMonitors.forExporter("gateway", "observability", "30s", LABELS)));
    }

    @Test
    void selectsTheExportersServiceByNameAndInstanceLabels() {
        GenericKubernetesResource monitor = ServiceMonitors.forExporter("gateway", "observability", "30s", LABELS);

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        assertThat(monitor.getMetadata().getName()).isEqualTo("gateway");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo("observability");
        assertThat(monitor.getMetadata().getLabels()).isEqualTo(LABELS);
        assertThat(spec(monitor).get("selector")).isEqualTo(Map.of("matchLabels", Map.of(
                "app.kubernetes.io/name", "otlp-exporter", "app.kubernetes.io/instance", "gateway")));
    }

    @Test
    void scrapesTheMetricsPortAtTheGivenInterval() {
        GenericKubernetesResource monitor = ServiceMonitors.forExporter("gateway", "observability", "15s", LABELS);

        assertThat(spec(monitor).get("endpoints"))
                .isEqualTo(List.of(Map.of("port", "metrics", "path", "/metrics", "interval", "15s", "relabelings", COPY_INSTANCE)));
    }

    @Test
    void withoutAnIntervalPrometheusUsesItsGlobalOne() {
        GenericKubernetesResource monitor = ServiceMonitors.forExporter("gateway", "observability", null, LABELS);

        assertThat(spec(monitor).get("endpoints"))
                .isEqualTo(List.of(Map.of("port", "metrics", "path", "/metrics", "relabelings", COPY_INSTANCE)));
    }

    @Test
    void everyScrapedSeriesNamesTheExporterAndThePodOnlyFromTheMetricsPort() {
        OtlpExporter gateway = Exporters.withSpec("upstream: {endpoint: \"http://collector.observability.svc:4317\"}");

        List<Map<String, String>> targets = PrometheusScrape.serviceMonitorTargets(
                ServiceMonitors.forExporter("gateway", "observability", null, Labels.common("gateway")),
                Services.desired(ResolvedExporter.of(gateway, ExporterConfig.of(gateway), "runtime:test")), Map.of("gateway-6d5f7c9b8-x2x4z", "exporter"));

        assertThat(targets).singleElement().isEqualTo(Map.of("namespace", "observability", "service", "gateway",
                "job", "gateway", "pod", "gateway-6d5f7c9b8-x2x4z", "container", "exporter", "endpoint", "metrics",
                "otlp_exporter", "gateway", "instance", "10.1.0.11:9090"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource monitor) {
        String yaml = Serialization.asYaml(monitor);
        return (Map<String, Object>) Serialization.unmarshal(yaml, GenericKubernetesResource.class)
                .getAdditionalProperties().get("spec");
    }
}
