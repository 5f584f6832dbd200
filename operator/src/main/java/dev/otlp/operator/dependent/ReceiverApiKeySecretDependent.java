package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.secrets.ReceiverApiKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code X-receiver-api-key}: the key clients present to the receivers, created once and kept until a rotation is
 * asked for; then also the key it replaced, for the grace period. Its annotations date the keys ({@link ReceiverApiKeys}).
 */
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
        return model.receiverApiKey().data();
    }

    @Override
    protected Set<String> recordedAnnotations() {
        return ReceiverApiKeys.ANNOTATIONS;
    }

    @Override
    protected Secret desired(ExporterModel model, Context<OtlpExporter> context) {
        Secret secret = super.desired(model, context);
        secret.getMetadata().setAnnotations(new TreeMap<>(model.receiverApiKey().annotations()));
        return secret;
    }
}
