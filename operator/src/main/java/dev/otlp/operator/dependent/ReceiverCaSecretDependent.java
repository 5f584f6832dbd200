package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.secrets.ServiceCertificates;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;

/**
 * The Secret {@code X-receiver-ca}: the CA that signs {@code X-receiver-tls}'s certificate, with its private key. Read
 * by the operator only and never mounted; clients trust the ConfigMap of {@link ReceiverCaConfigMapDependent}.
 */
@KubernetesDependent(informer = @Informer(labelSelector = GeneratedSecretDependent.RECEIVER_CA_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ReceiverCaSecretDependent extends GeneratedSecretDependent {

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.receiverCaSecret(exporter.getMetadata().getName());
    }

    @Override
    protected String component() {
        return GeneratedSecretDependent.RECEIVER_CA;
    }

    @Override
    protected String type() {
        return ServiceCertificates.CA_SECRET_TYPE;
    }

    @Override
    protected Map<String, String> data(ExporterModel model) {
        return model.receiverTls().ca();
    }
}
