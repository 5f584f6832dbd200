package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.render.ScaledObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GroupVersionKindPlural;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * KEDA ScaledObject {@code X}, when {@code spec.autoscaling.engine} is keda and KEDA's CRD exists. A generic resource:
 * no KEDA model is on the classpath, and its plural is given, so that no API discovery is needed.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ScaledObjectDependent extends OwnedDependent<GenericKubernetesResource> {

    private static final GroupVersionKindPlural SCALED_OBJECT = GroupVersionKindPlural.gvkWithPlural(
            new GroupVersionKind(ScaledObjects.API_VERSION, ScaledObjects.KIND), "scaledobjects");

    public ScaledObjectDependent() {
        super(GenericKubernetesResource.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.scaledObject(exporter.getMetadata().getName());
    }

    @Override
    protected GenericKubernetesResource desired(ExporterModel model, Context<OtlpExporter> context) {
        return ScaledObjects.desired(model.resolved());
    }

    @Override
    protected InformerEventSourceConfiguration.Builder<GenericKubernetesResource> informerConfigurationBuilder(
            EventSourceContext<OtlpExporter> context) {
        return InformerEventSourceConfiguration.from(SCALED_OBJECT, context.getPrimaryResourceClass());
    }
}
