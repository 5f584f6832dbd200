package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Scaling;
import dev.otlp.operator.model.WorkloadKind;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;

/**
 * The HorizontalPodAutoscaler {@code X} that scales the Deployment (or StatefulSet) {@code X} on CPU. While it exists it
 * owns the replica count: {@link Deployments} keeps whatever count it set.
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
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind(exporter.workloadKind().kind())
                .withName(exporter.workloadKind() == WorkloadKind.STATEFUL_SET ? ResourceNames.statefulSet(name)
                        : ResourceNames.deployment(name))
                .endScaleTargetRef()
                .withMinReplicas(autoscaling.minReplicas())
                .withMaxReplicas(autoscaling.maxReplicas())
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(autoscaling.targetCpuUtilization())
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
    }
}
