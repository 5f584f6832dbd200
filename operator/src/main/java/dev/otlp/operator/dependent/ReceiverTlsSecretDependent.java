package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.secrets.ServiceCertificates;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;

/**
 * {@code X-receiver-tls}: a server certificate for the Service's DNS names, its key and the CA's certificate, renewed
 * before expiry. The CA's key is in {@link ReceiverCaSecretDependent}'s Secret, not here.
 */
@KubernetesDependent(informer = @Informer(labelSelector = GeneratedSecretDependent.RECEIVER_TLS_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ReceiverTlsSecretDependent extends GeneratedSecretDependent {

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.receiverTlsSecret(exporter.getMetadata().getName());
    }

    @Override
    protected String component() {
        return GeneratedSecretDependent.RECEIVER_TLS;
    }

    @Override
    protected String type() {
        return ServiceCertificates.SECRET_TYPE;
    }

    @Override
    protected Map<String, String> data(ExporterModel model) {
        return model.receiverTls().tls();
    }
}
