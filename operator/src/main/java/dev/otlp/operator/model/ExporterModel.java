package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.ReceiverApiKeySpec;
import dev.otlp.operator.api.ReceiverAuthSpec;
import dev.otlp.operator.api.ReceiverSpec;
import dev.otlp.operator.secrets.ReceiverApiKeys;
import dev.otlp.operator.secrets.ReceiverTlsSecrets;
import dev.otlp.operator.secrets.ServiceCertificates;
import dev.otlp.runtime.config.ConfigRenderer;
import dev.otlp.runtime.config.Durations;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Secret;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param receiverApiKey     {@code X-receiver-api-key}'s data and the annotations that date its keys, or null when not
 *                           generated
 * @param certificateRenewed whether this reconcile replaces an existing receiver certificate
 */
public record ExporterModel(
        OtlpExporter exporter,
        ResolvedExporter resolved,
        String configToml,
        String configHash,
        ReceiverTlsSecrets receiverTls,
        ReceiverApiKeys receiverApiKey,
        boolean certificateRenewed) {

    /** How long a generated receiver key that a rotation replaced stays valid, unless the spec says. */
    public static final Duration DEFAULT_ROTATION_GRACE_PERIOD = Duration.ofHours(24);

    /**
     * The data of the Secrets the operator generated for the exporter, as they stand (null where none exists yet),
     * and the receiver API key's Secret whole, whose annotations date its keys.
     */
    public record GeneratedSecretData(Map<String, String> receiverTls, Map<String, String> receiverCa,
                                      Secret receiverApiKey) {
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
     * @param generated    the Secrets the operator generated before; kept while still good
     */
    public static ExporterModel of(OtlpExporter exporter, RuntimeConfig config, String defaultImage,
                                   GeneratedSecretData generated,
                                   ServiceCertificates certificates, Instant now) {
        ResolvedExporter resolved = ResolvedExporter.of(exporter, config, defaultImage);
        String toml = ConfigRenderer.render(config);
        String name = resolved.name();
        ReceiverTlsSecrets receiverTls = null;
        boolean certificateRenewed = false;
        if (resolved.generatesReceiverTls()) {
            receiverTls = certificates.desiredData(generated.receiverTls(), generated.receiverCa(), name,
                    resolved.namespace(), now);
            certificateRenewed = generated.receiverTls() != null && !generated.receiverTls().equals(receiverTls.tls());
        }
        ReceiverApiKeys receiverApiKey = null;
        if (resolved.generatesReceiverApiKey()) {
            Optional<Secret> secret = Optional.ofNullable(generated.receiverApiKey());
            receiverApiKey = ReceiverApiKeys.desired(secret.map(Secret::getData).orElse(null),
                    secret.map(s -> s.getMetadata().getAnnotations()).orElse(null),
                    secret.map(s -> s.getMetadata().getCreationTimestamp()).map(Instant::parse),
                    Optional.ofNullable(exporter.getMetadata().getAnnotations())
                            .map(annotations -> annotations.get(ReceiverApiKeys.ROTATE_ANNOTATION)),
                    rotationGracePeriod(exporter), now);
        }
        return new ExporterModel(exporter, resolved, toml, ConfigHash.of(toml, resolved.pods().secretMounts()), receiverTls,
                receiverApiKey, certificateRenewed);
    }

    /** {@code spec.receiver.auth.apiKey.rotationGracePeriod}, which validation has found readable, or the default. */
    private static Duration rotationGracePeriod(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getReceiver).map(ReceiverSpec::getAuth)
                .map(ReceiverAuthSpec::getApiKey).map(ReceiverApiKeySpec::getRotationGracePeriod)
                .map(Durations::parse).orElse(DEFAULT_ROTATION_GRACE_PERIOD);
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
