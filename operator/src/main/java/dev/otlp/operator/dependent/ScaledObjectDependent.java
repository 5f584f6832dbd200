package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.render.ScaledObjects;
import dev.otlp.operator.render.ScaledObject;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** KEDA ScaledObject {@code X}, when {@code spec.autoscaling.engine} is keda and KEDA's CRD exists. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ScaledObjectDependent extends OwnedDependent<ScaledObject> {

    public ScaledObjectDependent() {
        super(ScaledObject.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.scaledObject(exporter.getMetadata().getName());
    }

    @Override
    protected ScaledObject desired(ExporterModel model, Context<OtlpExporter> context) {
        return ScaledObjects.desired(model.resolved());
    }
}
