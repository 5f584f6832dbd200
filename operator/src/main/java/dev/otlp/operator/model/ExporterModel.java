package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.secrets.ApiKeys;
import dev.otlp.operator.secrets.ReceiverCertificates;
import dev.otlp.operator.secrets.ReceiverTlsSecrets;
import dev.otlp.runtime.config.ConfigRenderer;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Secret;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the operator decides about one OtlpExporter, computed once per reconcile from the
 * resource and the Secrets it references, before any object is written: the runtime configuration
 * (through {@link SpecConfigTable}), the generated Secrets' data, the hash the pods carry and the
 * alert thresholds. Dependents, status and Events read it; names, labels and Secret mounts come
 * from the classes it delegates to ({@link ResourceNames}, {@link Labels}, {@link SecretMounts}).
 * Whether a resource may become a model at all is for {@code validation.SpecValidation} to say.
 *
 * @param receiverTls        data of the Secrets {@code X-receiver-tls} and {@code X-receiver-ca} (base64 values),
 *                           whose CA bundle the ConfigMap {@code X-receiver-ca} holds, or null when not generated
 * @param receiverApiKey     data of {@code X-receiver-api-key} (base64 values), or null when not generated
 * @param certificateRenewed whether this reconcile replaces an existing receiver certificate
 */
public record ExporterModel(
        OtlpExporter exporter,
        RuntimeConfig config,
        String configToml,
        String configHash,
        String image,
        ReceiverTlsSecrets receiverTls,
        Map<String, String> receiverApiKey,
        AlertThresholds alertThresholds,
        boolean certificateRenewed) {

    /**
     * The data of the Secrets the operator generated for the exporter, as they stand (null where none exists yet).
     */
    public record GeneratedSecretData(Map<String, String> receiverTls, Map<String, String> receiverCa,
                                      Map<String, String> receiverApiKey) {
    }

    /** The user Secrets the pods mount, each with the spec field that references it and the keys mounted, in a fixed order. */
    public static List<SecretReference> secretReferences(OtlpExporter exporter) {
        return SecretMounts.of(exporter).stream().flatMap(mount -> mount.reference().stream()).toList();
    }

    /**
     * The model of a resource that validation found nothing wrong with.
     *
     * @param config     the runtime configuration the validation loaded the resource into
     * @param referenced the Secrets the resource references, as found in the cluster
     * @param generated  the Secrets the operator generated before; kept while still good
     */
    public static ExporterModel of(OtlpExporter exporter, RuntimeConfig config, String defaultImage,
                                   Map<SecretReference, Optional<Secret>> referenced, GeneratedSecretData generated,
                                   ReceiverCertificates certificates, Instant now) {
        String toml = ConfigRenderer.render(config);
        Map<String, Map<String, String>> mountedSecrets = new TreeMap<>();
        referenced.forEach((reference, secret) -> mountedSecrets.put(reference.secretName(),
                secret.map(Secret::getData).orElse(null)));
        String name = exporter.getMetadata().getName();
        ReceiverTlsSecrets receiverTls = null;
        boolean certificateRenewed = false;
        if (ExporterFeatures.generatesReceiverTls(exporter)) {
            receiverTls = certificates.desiredData(generated.receiverTls(), generated.receiverCa(), name,
                    exporter.getMetadata().getNamespace(), now);
            certificateRenewed = generated.receiverTls() != null && !generated.receiverTls().equals(receiverTls.tls());
            mountedSecrets.put(ResourceNames.receiverTlsSecret(name), receiverTls.tls());
        }
        Map<String, String> receiverApiKey = null;
        if (ExporterFeatures.generatesReceiverApiKey(exporter)) {
            receiverApiKey = ApiKeys.desiredData(generated.receiverApiKey());
            mountedSecrets.put(ResourceNames.receiverApiKeySecret(name), receiverApiKey);
        }
        String image = Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getImage).orElse(defaultImage);
        return new ExporterModel(exporter, config, toml, ConfigHash.of(toml, mountedSecrets), image, receiverTls,
                receiverApiKey, AlertThresholdsFactory.from(exporter), certificateRenewed);
    }

    public String name() {
        return exporter.getMetadata().getName();
    }

    public String namespace() {
        return exporter.getMetadata().getNamespace();
    }

    public WorkloadKind workloadKind() {
        return WorkloadKind.of(exporter);
    }
}
