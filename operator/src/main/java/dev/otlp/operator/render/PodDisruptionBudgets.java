package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Scaling;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** The PodDisruptionBudget {@code X}: node drains take the exporter's pods down a few at a time. */
public final class PodDisruptionBudgets {

    private PodDisruptionBudgets() {
    }

    /** Only for an exporter whose {@link Scaling#disruptionBudget} is set. */
    public static PodDisruptionBudget desired(ResolvedExporter exporter) {
        String name = exporter.name();
        IntOrString maxUnavailable = exporter.scaling().disruptionBudget()
                .orElseThrow(() -> new IllegalArgumentException("no more than one pod runs: no budget"));
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(ResourceNames.podDisruptionBudget(name))
                .withNamespace(exporter.namespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(maxUnavailable)
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
                .endSpec()
                .build();
    }
}
