package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Scaling;
import dev.otlp.operator.model.ScalingSeries;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KEDA ScaledObject {@code X} ({@code spec.autoscaling.engine: keda}) that scales the Deployment (or StatefulSet)
 * {@code X}: a {@code cpu} trigger for CPU, a {@code prometheus} trigger for queue fill and received items per second.
 * Each Prometheus query sums the metric over the exporter's pods, and KEDA's {@code AverageValue} divides it by the pod
 * count, so the threshold is the per-pod target, as with a HorizontalPodAutoscaler.
 */
public final class ScaledObjects {

    private ScaledObjects() {
    }

    /** Only for an exporter whose {@link Scaling#autoscaling} is set. */
    public static ScaledObject desired(ResolvedExporter exporter) {
        Scaling.Autoscaling autoscaling = exporter.scaling().autoscaling()
                .orElseThrow(() -> new IllegalArgumentException("spec.autoscaling is not set"));
        var target = HorizontalPodAutoscalers.scaleTarget(exporter);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("scaleTargetRef", Map.of("apiVersion", target.getApiVersion(), "kind", target.getKind(),
                "name", target.getName()));
        spec.put("minReplicaCount", autoscaling.minReplicas());
        spec.put("maxReplicaCount", autoscaling.maxReplicas());
        spec.put("triggers", autoscaling.targets().stream().map(each -> trigger(exporter, autoscaling, each)).toList());
        ScaledObject scaledObject = new ScaledObject();
        scaledObject.setMetadata(new ObjectMetaBuilder()
                .withName(ResourceNames.scaledObject(exporter.name()))
                .withNamespace(exporter.namespace())
                .withLabels(new TreeMap<>(Labels.common(exporter.name())))
                .build());
        scaledObject.setSpec(spec);
        return scaledObject;
    }

    private static Map<String, Object> trigger(ResolvedExporter exporter, Scaling.Autoscaling autoscaling,
                                               Scaling.Target target) {
        if (!target.metric().custom()) {
            return Map.of("type", "cpu", "metricType", "Utilization",
                    "metadata", Map.of("value", Integer.toString((int) target.value())));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("serverAddress", autoscaling.prometheusAddress().orElseThrow(() -> new IllegalArgumentException(
                "spec.autoscaling.prometheusAddress is not set")));
        metadata.put("query", ScalingSeries.kedaQuery(target.metric(), exporter.namespace(), exporter.name()));
        metadata.put("threshold", BigDecimal.valueOf(target.value()).stripTrailingZeros().toPlainString());
        return Map.of("type", "prometheus", "name", target.metric().field(), "metadata", metadata);
    }
}
