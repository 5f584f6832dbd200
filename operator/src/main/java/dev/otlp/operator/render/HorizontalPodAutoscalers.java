package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Scaling;
import dev.otlp.operator.model.WorkloadKind;
import dev.otlp.operator.model.ScalingSeries;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;

import java.util.List;

/**
 * The HorizontalPodAutoscaler {@code X} that scales the Deployment (or StatefulSet) {@code X}: on CPU as a
 * {@code Resource} metric, on queue fill and received items per second as {@code Pods} metrics, averaged over the
 * pods, which the custom metrics API serves (prometheus-adapter, with the chart's rules). While it exists it owns the
 * replica count: {@link Deployments} keeps whatever count it set.
 */
public final class HorizontalPodAutoscalers {

    private HorizontalPodAutoscalers() {
    }

    /** Only for an exporter whose {@link Scaling#autoscaling} is set. */
    public static HorizontalPodAutoscaler desired(ResolvedExporter exporter) {
        String name = exporter.name();
        Scaling.Autoscaling autoscaling = exporter.scaling().autoscaling()
                .orElseThrow(() -> new IllegalArgumentException("spec.autoscaling is not set"));
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName(ResourceNames.horizontalPodAutoscaler(name))
                .withNamespace(exporter.namespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withNewSpec()
                .withScaleTargetRef(scaleTarget(exporter))
                .withMinReplicas(autoscaling.minReplicas())
                .withMaxReplicas(autoscaling.maxReplicas())
                .withMetrics(metrics(autoscaling.targets()))
                .endSpec()
                .build();
    }

    /** The workload the autoscaler scales: the exporter's Deployment or StatefulSet. */
    static CrossVersionObjectReference scaleTarget(ResolvedExporter exporter) {
        String name = exporter.name();
        return new CrossVersionObjectReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind(exporter.workloadKind().kind())
                .withName(exporter.workloadKind() == WorkloadKind.STATEFUL_SET ? ResourceNames.statefulSet(name)
                        : ResourceNames.deployment(name))
                .build();
    }

    private static List<MetricSpec> metrics(List<Scaling.Target> targets) {
        return targets.stream().map(HorizontalPodAutoscalers::metric).toList();
    }

    private static MetricSpec metric(Scaling.Target target) {
        if (!target.metric().custom()) {
            return new MetricSpecBuilder()
                    .withType("Resource")
                    .withNewResource()
                    .withName("cpu")
                    .withNewTarget()
                    .withType("Utilization")
                    .withAverageUtilization((int) target.value())
                    .endTarget()
                    .endResource()
                    .build();
        }
        return new MetricSpecBuilder()
                .withType("Pods")
                .withNewPods()
                .withNewMetric()
                .withName(ScalingSeries.customMetricName(target.metric()))
                .endMetric()
                .withNewTarget()
                .withType("AverageValue")
                .withAverageValue(DecimalQuantity.of(target.value()))
                .endTarget()
                .endPods()
                .build();
    }
}
