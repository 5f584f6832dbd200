package dev.otlp.operator.render;

import dev.otlp.operator.api.DisruptionBudgetSpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.WorkloadKind;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Optional;

/** The PodDisruptionBudget {@code X}: node drains take the exporter's pods down a few at a time. */
public final class PodDisruptionBudgets {

    private static final IntOrString DEFAULT_MAX_UNAVAILABLE = new IntOrString(1);

    private PodDisruptionBudgets() {
    }

    /**
     * Only when more than one pod runs, or may run: a budget on a single pod would block every drain or do
     * nothing. Never for a DaemonSet, whose one pod per node a drain moves by definition.
     */
    public static boolean wanted(OtlpExporter exporter) {
        Optional<OtlpExporterSpec> spec = Optional.ofNullable(exporter.getSpec());
        if (!WorkloadKind.of(exporter).scales()) {
            return false;
        }
        return spec.map(OtlpExporterSpec::getAutoscaling).isPresent()
                || spec.map(OtlpExporterSpec::getReplicas).orElse(1) > 1;
    }

    public static PodDisruptionBudget desired(OtlpExporter exporter) {
        String name = exporter.getMetadata().getName();
        IntOrString maxUnavailable = Optional.ofNullable(exporter.getSpec())
                .map(OtlpExporterSpec::getPodDisruptionBudget)
                .map(DisruptionBudgetSpec::getMaxUnavailable)
                .orElse(DEFAULT_MAX_UNAVAILABLE);
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(ResourceNames.podDisruptionBudget(name))
                .withNamespace(exporter.getMetadata().getNamespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(maxUnavailable)
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
                .endSpec()
                .build();
    }
}
