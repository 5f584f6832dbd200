package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.render.Labels;
import dev.otlp.operator.render.NetworkPolicyModel;
import dev.otlp.operator.render.ResourceNames;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** NetworkPolicy {@code X}, while {@code spec.networkPolicy.enabled}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends OptionalDependent<NetworkPolicy> {

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.networkPolicy(exporter.getMetadata().getName());
    }

    @Override
    protected NetworkPolicy desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        return NetworkPolicyModel.desired(exporter);
    }
}
