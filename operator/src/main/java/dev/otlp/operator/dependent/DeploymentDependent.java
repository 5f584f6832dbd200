package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.reconciler.DesiredExporter;
import dev.otlp.operator.render.DeploymentModel;
import dev.otlp.operator.render.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Deployment {@code X}: the exporter runtime's pods. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DeploymentDependent extends OwnedDependent<Deployment> {

    public DeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        DesiredExporter desired = DesiredExporter.of(context);
        Deployment actual = context.getSecondaryResource(Deployment.class).orElse(null);
        return DeploymentModel.desired(exporter, desired.image(), desired.configHash(), desired.config(), actual);
    }
}
