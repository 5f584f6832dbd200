package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.ServiceAccounts;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ServiceAccount {@code X}, with no API token mounted: the runtime never calls the API server. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ServiceAccountDependent extends OwnedDependent<ServiceAccount> {

    public ServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.serviceAccount(exporter.getMetadata().getName());
    }

    @Override
    protected ServiceAccount desired(ExporterModel model, Context<OtlpExporter> context) {
        return ServiceAccounts.desired(model.resolved());
    }
}
