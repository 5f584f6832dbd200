package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Services;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Service {@code X}: where applications send OTLP. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForServices.class))
public class ServiceDependent extends OwnedDependent<Service> {

    public ServiceDependent() {
        super(Service.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.service(exporter.getMetadata().getName());
    }

    @Override
    protected Service desired(ExporterModel model, Context<OtlpExporter> context) {
        return Services.desired(model.resolved());
    }
}
