package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;

/** {@code X-receiver-api-key}: the key clients present to the receivers, created once and kept. */
@KubernetesDependent(informer = @Informer(labelSelector = GeneratedSecretDependent.RECEIVER_API_KEY_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ReceiverApiKeySecretDependent extends GeneratedSecretDependent {

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.receiverApiKeySecret(exporter.getMetadata().getName());
    }

    @Override
    protected String component() {
        return GeneratedSecretDependent.RECEIVER_API_KEY;
    }

    @Override
    protected String type() {
        return "Opaque";
    }

    @Override
    protected Map<String, String> data(ExporterModel model) {
        return model.receiverApiKey();
    }
}
