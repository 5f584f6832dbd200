package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.secrets.ApiKeys;
import dev.otlp.operator.secrets.ReceiverTlsSecrets;
import dev.otlp.operator.secrets.ServiceCertificates;
import dev.otlp.runtime.config.ConfigRenderer;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Secret;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the operator decides about one OtlpExporter, computed once per reconcile from the resource, its runtime
 * configuration and the Secrets it references, before any object is written: the resource with every default
 * resolved ({@link ResolvedExporter}), the rendered configuration, the generated Secrets' data and the hash the pods
 * carry. Dependents, status and Events read it; renderers read its {@link #resolved} part and the hash. It carries
 * the resource itself only for what belongs to the resource: its metadata, owner references and status.
 * Whether a resource may become a model at all is for {@code validation.SpecValidation} to say.
 *
 * @param receiverTls        data of the Secrets {@code X-receiver-tls} and {@code X-receiver-ca} (base64 values),
 *                           whose CA bundle the ConfigMap {@code X-receiver-ca} holds, or null when not generated
 * @param receiverApiKey     data of {@code X-receiver-api-key} (base64 values), or null when not generated
 * @param certificateRenewed whether this reconcile replaces an existing receiver certificate
 */
public record ExporterModel(
        OtlpExporter exporter,
        ResolvedExporter resolved,
        String configToml,
        String configHash,
        ReceiverTlsSecrets receiverTls,
        Map<String, String> receiverApiKey,
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
     * @param config       its runtime configuration, as loaded when it was validated
     * @param defaultImage the runtime image for an exporter whose spec names none
     * @param referenced   the Secrets the resource references, as found in the cluster
     * @param generated    the Secrets the operator generated before; kept while still good
     */
    public static ExporterModel of(OtlpExporter exporter, RuntimeConfig config, String defaultImage,
                                   Map<SecretReference, Optional<Secret>> referenced, GeneratedSecretData generated,
                                   ServiceCertificates certificates, Instant now) {
        ResolvedExporter resolved = ResolvedExporter.of(exporter, config, defaultImage);
        String toml = ConfigRenderer.render(config);
        Map<String, Map<String, String>> mountedSecrets = new TreeMap<>();
        referenced.forEach((reference, secret) -> mountedSecrets.put(reference.secretName(),
                secret.map(Secret::getData).orElse(null)));
        String name = resolved.name();
        ReceiverTlsSecrets receiverTls = null;
        boolean certificateRenewed = false;
        if (resolved.generatesReceiverTls()) {
            receiverTls = certificates.desiredData(generated.receiverTls(), generated.receiverCa(), name,
                    resolved.namespace(), now);
            certificateRenewed = generated.receiverTls() != null && !generated.receiverTls().equals(receiverTls.tls());
            mountedSecrets.put(ResourceNames.receiverTlsSecret(name), receiverTls.tls());
        }
        Map<String, String> receiverApiKey = null;
        if (resolved.generatesReceiverApiKey()) {
            receiverApiKey = ApiKeys.desiredData(generated.receiverApiKey());
            mountedSecrets.put(ResourceNames.receiverApiKeySecret(name), receiverApiKey);
        }
        return new ExporterModel(exporter, resolved, toml, ConfigHash.of(toml, mountedSecrets), receiverTls,
                receiverApiKey, certificateRenewed);
    }

    public String name() {
        return resolved.name();
    }

    public String namespace() {
        return resolved.namespace();
    }

    public WorkloadKind workloadKind() {
        return resolved.workloadKind();
    }
}
