package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterSeries;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.WorkloadExporters;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.otlp.operator.testing.WorkloadExporters.resolved;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@code spec.autoscaling.metrics} renders into: HPA v2 metrics, or a KEDA ScaledObject's triggers. */
class AutoscalingMetricsTest {

    private static final String ALL_METRICS = "autoscaling:\n  minReplicas: 2\n  maxReplicas: 8\n"
            + "  metrics: {cpu: 70, queueFill: 0.5, receivedItemsRate: 50000}\n";

    @Test
    void queueFillAndReceivedRateArePodsMetricsAveragedOverThePods() {
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscalers.desired(resolved(withSpec(ALL_METRICS)));

        List<MetricSpec> metrics = hpa.getSpec().getMetrics();
        assertThat(metrics).extracting(MetricSpec::getType).containsExactly("Resource", "Pods", "Pods");
        assertThat(metrics.get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(metrics.get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(metrics.get(1).getPods().getMetric().getName()).isEqualTo("otlp_queue_fill_ratio");
        assertThat(metrics.get(1).getPods().getTarget().getType()).isEqualTo("AverageValue");
        assertThat(metrics.get(1).getPods().getTarget().getAverageValue()).isEqualTo(new Quantity("500m"));
        assertThat(metrics.get(2).getPods().getMetric().getName()).isEqualTo("otlp_received_items_per_second");
        assertThat(metrics.get(2).getPods().getTarget().getAverageValue()).isEqualTo(new Quantity("50k"));
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
    }

    @Test
    void withoutMetricsTheAutoscalerScalesOnCpuAsBefore() {
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscalers.desired(resolved(withSpec(
                "autoscaling: {maxReplicas: 4, targetCPUUtilizationPercentage: 65}\n")));

        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(65);
        });
    }

    /** The API server keeps a quantity in its canonical form: written any other way, every reconcile would update it. */
    @Test
    void targetsAreWrittenAsTheApiServerStoresThem() {
        assertThat(DecimalQuantity.of(0.5).toString()).isEqualTo("500m");
        assertThat(DecimalQuantity.of(0.05).toString()).isEqualTo("50m");
        assertThat(DecimalQuantity.of(1).toString()).isEqualTo("1");
        assertThat(DecimalQuantity.of(1500).toString()).isEqualTo("1500");
        assertThat(DecimalQuantity.of(50_000).toString()).isEqualTo("50k");
        assertThat(DecimalQuantity.of(2_000_000).toString()).isEqualTo("2M");
    }

    @Test
    void kedaEngineRendersAScaledObjectWithPrometheusTriggersOnTheExportersSeries() {
        ScaledObject scaledObject = ScaledObjects.desired(resolved(withSpec(ALL_METRICS
                .replace("  minReplicas: 2\n", "  minReplicas: 2\n  engine: keda\n"
                        + "  prometheusAddress: http://prometheus-operated.monitoring.svc:9090\n"))));

        assertThat(scaledObject.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaledObject.getKind()).isEqualTo("ScaledObject");
        assertThat(scaledObject.getMetadata().getName()).isEqualTo("gateway");
        Map<String, Object> spec = scaledObject.getSpec();
        assertThat(spec).containsEntry("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "name", "gateway")).containsEntry("minReplicaCount", 2).containsEntry("maxReplicaCount", 8);
        List<Map<String, Object>> triggers = triggers(spec);
        assertThat(triggers).extracting(trigger -> trigger.get("type")).containsExactly("cpu", "prometheus", "prometheus");
        assertThat(triggers.get(0)).containsEntry("metricType", "Utilization")
                .containsEntry("metadata", Map.of("value", "70"));
        String exporter = "{namespace=\"observability\", " + ExporterSeries.EXPORTER_LABEL + "=\"gateway\"}";
        assertThat(triggers.get(1).get("metadata")).isEqualTo(Map.of(
                "serverAddress", "http://prometheus-operated.monitoring.svc:9090",
                "query", "sum(otlp_queue_fill_ratio" + exporter + ")",
                "threshold", "0.5"));
        assertThat(triggers.get(2).get("metadata")).isEqualTo(Map.of(
                "serverAddress", "http://prometheus-operated.monitoring.svc:9090",
                "query", "sum(rate(otlp_received_items_total" + exporter + "[2m]))",
                "threshold", "50000"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> triggers(Map<String, Object> spec) {
        return (List<Map<String, Object>>) spec.get("triggers");
    }

    private static OtlpExporter withSpec(String extra) {
        return Exporters.withSpec(WorkloadExporters.MINIMAL_SPEC + extra);
    }
}
