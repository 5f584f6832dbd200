package dev.otlp.operator.render;

import dev.otlp.operator.api.AutoscalingSpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.WorkloadKind;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.Optional;

/**
 * The HorizontalPodAutoscaler {@code X} that scales the Deployment (or StatefulSet) {@code X} on CPU. While it exists it
 * owns the replica count: {@link Deployments} keeps whatever count it set.
 */
public final class HorizontalPodAutoscalers {

    /** As documented on {@code spec.autoscaling.targetCPUUtilizationPercentage}. */
    public static final int DEFAULT_CPU_UTILIZATION = 80;
    public static final int DEFAULT_MIN_REPLICAS = 1;

    private HorizontalPodAutoscalers() {
    }

    public static boolean wanted(OtlpExporter exporter) {
        return autoscaling(exporter).isPresent();
    }

    /** Only for an exporter that {@link #wanted} one. */
    public static HorizontalPodAutoscaler desired(OtlpExporter exporter) {
        String name = exporter.getMetadata().getName();
        AutoscalingSpec autoscaling = autoscaling(exporter)
                .orElseThrow(() -> new IllegalArgumentException("spec.autoscaling is not set"));
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName(ResourceNames.horizontalPodAutoscaler(name))
                .withNamespace(exporter.getMetadata().getNamespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind(WorkloadKind.of(exporter).kind())
                .withName(WorkloadKind.of(exporter) == WorkloadKind.STATEFUL_SET ? ResourceNames.statefulSet(name)
                        : ResourceNames.deployment(name))
                .endScaleTargetRef()
                .withMinReplicas(Optional.ofNullable(autoscaling.getMinReplicas()).orElse(DEFAULT_MIN_REPLICAS))
                .withMaxReplicas(autoscaling.getMaxReplicas())
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(Optional.ofNullable(autoscaling.getTargetCPUUtilizationPercentage())
                        .orElse(DEFAULT_CPU_UTILIZATION))
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
    }

    private static Optional<AutoscalingSpec> autoscaling(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getAutoscaling);
    }
}
