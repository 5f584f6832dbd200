package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.secrets.ServiceCertificates;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;

import java.util.Map;
import java.util.Objects;

/**
 * The ConfigMap {@code X-receiver-ca}: the certificate of the CA in the Secret {@code X-receiver-ca}, and of the CA it
 * replaced until that expires, under {@code ca.crt}; what clients mount to trust the receiver, as trust-manager
 * distributes bundles. It holds no key. Written in the reconcile that issues or replaces the CA.
 */
public class ReceiverCaConfigMapDependent extends OwnedDependent<ConfigMap> {

    public ReceiverCaConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.receiverCaConfigMap(exporter.getMetadata().getName());
    }

    @Override
    protected ConfigMap desired(ExporterModel model, Context<OtlpExporter> context) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(model.exporter()))
                .withNamespace(model.namespace())
                .withLabels(Labels.common(model.name()))
                .addToLabels(Labels.COMPONENT, GeneratedSecretDependent.RECEIVER_CA)
                .endMetadata()
                .withData(Map.of(ServiceCertificates.CA_CRT, model.receiverTls().caBundle()))
                .build();
    }

    /** Nothing but the bundle: a key added beside {@code ca.crt} is removed, as clients may trust every file. */
    @Override
    public Matcher.Result<ConfigMap> match(ConfigMap actual, ConfigMap desired, OtlpExporter exporter,
                                           Context<OtlpExporter> context) {
        boolean binaryData = actual.getBinaryData() != null && !actual.getBinaryData().isEmpty();
        if (binaryData || !Objects.equals(actual.getData(), desired.getData())) {
            return Matcher.Result.computed(false, desired);
        }
        return super.match(actual, desired, exporter, context);
    }
}
