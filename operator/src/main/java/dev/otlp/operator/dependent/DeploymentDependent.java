package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Deployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Deployment {@code X}: the exporter runtime's pods. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForDeployments.class))
public class DeploymentDependent extends OwnedDependent<Deployment> {

    public DeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.deployment(exporter.getMetadata().getName());
    }

    @Override
    protected Deployment desired(ExporterModel model, Context<OtlpExporter> context) {
        Deployment actual = context.getSecondaryResource(Deployment.class).orElse(null);
        return Deployments.desired(model.resolved(), model.configHash(), actual);
    }
}
