package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.render.AlertThresholdsFactory;
import dev.otlp.operator.render.ExporterFeatures;
import dev.otlp.operator.render.ResourceNames;
import dev.otlp.operator.render.RuntimeConfigFactory;
import dev.otlp.operator.render.SecretReference;
import dev.otlp.operator.secrets.ApiKeys;
import dev.otlp.operator.secrets.ConfigHash;
import dev.otlp.operator.secrets.ReceiverCertificates;
import dev.otlp.operator.secrets.ReceiverTlsSecrets;
import dev.otlp.runtime.config.ConfigRenderer;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Decides, from a valid spec and the Secrets in the cluster, everything the dependents will write. */
final class ExporterPlanner {

    private final String defaultImage;
    private final Clock clock;
    private final ReceiverCertificates certificates = new ReceiverCertificates();

    ExporterPlanner(String defaultImage, Clock clock) {
        this.defaultImage = defaultImage;
        this.clock = clock;
    }

    /** @param referenced the Secrets the exporter references, as {@link ReferencedSecrets#read} found them */
    DesiredExporter plan(OtlpExporter exporter, Context<OtlpExporter> context,
                         Map<SecretReference, Optional<Secret>> referenced) {
        RuntimeConfig config = RuntimeConfigFactory.from(exporter);
        String toml = ConfigRenderer.render(config);
        Map<String, Map<String, String>> mountedSecrets = new TreeMap<>();
        referenced.forEach((reference, secret) -> mountedSecrets.put(reference.secretName(),
                secret.map(Secret::getData).orElse(null)));
        String name = exporter.getMetadata().getName();
        String namespace = exporter.getMetadata().getNamespace();
        ReceiverTlsSecrets receiverTls = null;
        boolean certificateRenewed = false;
        if (ExporterFeatures.generatesReceiverTls(exporter)) {
            Map<String, String> currentTls = generated(context, GeneratedSecrets.RECEIVER_TLS);
            receiverTls = certificates.desiredData(currentTls, generated(context, GeneratedSecrets.RECEIVER_CA), name,
                    namespace, clock.instant());
            certificateRenewed = currentTls != null && !currentTls.equals(receiverTls.tls());
            mountedSecrets.put(ResourceNames.receiverTlsSecret(name), receiverTls.tls());
        }
        Map<String, String> receiverApiKey = null;
        if (ExporterFeatures.generatesReceiverApiKey(exporter)) {
            receiverApiKey = ApiKeys.desiredData(generated(context, GeneratedSecrets.RECEIVER_API_KEY));
            mountedSecrets.put(ResourceNames.receiverApiKeySecret(name), receiverApiKey);
        }
        String image = exporter.getSpec().getImage() != null ? exporter.getSpec().getImage() : defaultImage;
        return new DesiredExporter(exporter, config, toml, ConfigHash.of(toml, mountedSecrets), image,
                receiverTls, receiverApiKey, AlertThresholdsFactory.from(exporter), certificateRenewed);
    }

    private static Map<String, String> generated(Context<OtlpExporter> context, String dependent) {
        return context.getSecondaryResource(Secret.class, dependent).map(Secret::getData).orElse(null);
    }
}
