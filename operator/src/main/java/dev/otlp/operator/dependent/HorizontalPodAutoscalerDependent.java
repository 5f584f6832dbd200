package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.render.HorizontalPodAutoscalers;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** HorizontalPodAutoscaler {@code X}, when {@code spec.autoscaling} is set; it then owns the replica count. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForHorizontalPodAutoscalers.class))
public class HorizontalPodAutoscalerDependent extends OwnedDependent<HorizontalPodAutoscaler> {

    public HorizontalPodAutoscalerDependent() {
        super(HorizontalPodAutoscaler.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.horizontalPodAutoscaler(exporter.getMetadata().getName());
    }

    @Override
    protected HorizontalPodAutoscaler desired(ExporterModel model, Context<OtlpExporter> context) {
        return HorizontalPodAutoscalers.desired(model.resolved());
    }
}
