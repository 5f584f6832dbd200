package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.render.PodDisruptionBudgets;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** PodDisruptionBudget {@code X}, while more than one pod runs or autoscaling is on. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForPodDisruptionBudgets.class))
public class PodDisruptionBudgetDependent extends OwnedDependent<PodDisruptionBudget> {

    public PodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.podDisruptionBudget(exporter.getMetadata().getName());
    }

    @Override
    protected PodDisruptionBudget desired(ExporterModel model, Context<OtlpExporter> context) {
        return PodDisruptionBudgets.desired(model.resolved());
    }
}
