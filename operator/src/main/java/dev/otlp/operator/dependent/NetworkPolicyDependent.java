package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.render.NetworkPolicies;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** NetworkPolicy {@code X}, while {@code spec.networkPolicy.enabled}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class NetworkPolicyDependent extends OwnedDependent<NetworkPolicy> {

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.networkPolicy(exporter.getMetadata().getName());
    }

    @Override
    protected NetworkPolicy desired(ExporterModel model, Context<OtlpExporter> context) {
        return NetworkPolicies.desired(model.resolved());
    }
}
