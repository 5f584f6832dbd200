package dev.otlp.operator.model;

import dev.otlp.operator.api.FailoverUpstreamSpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.ReceiverApiKeySpec;
import dev.otlp.operator.api.ReceiverAuthSpec;
import dev.otlp.operator.api.ReceiverSpec;
import dev.otlp.operator.api.ReceiverTlsSpec;
import dev.otlp.operator.api.SecretKeyRef;
import dev.otlp.operator.api.UpstreamAuthSpec;
import dev.otlp.operator.api.UpstreamAuthType;
import dev.otlp.operator.api.UpstreamConnectionSpec;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.operator.api.UpstreamTlsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Secrets an exporter's pods mount, in a fixed order: exactly those whose files the configuration
 * of {@link SpecConfigTable} names. Only the keys the runtime reads are projected, so no other key
 * of a user's Secret reaches the pods. The generated receiver CA's Secret ({@code X-receiver-ca}, with its
 * private key) is never among them. The receiver's API key comes with its previous key ({@code K.previous} beside the
 * referenced key {@code K}) while the Secret holds one, so that clients can move to a new key without a refusal. A reference without its Secret's name or key, which the schema refuses, mounts
 * nothing, so that the Secrets of any resource can be listed without validating it first.
 */
public final class SecretMounts {

    private static final List<String> CERT_AND_KEY = List.of(MountPaths.TLS_CERT_KEY, MountPaths.TLS_KEY_KEY);
    private static final List<String> CERT_KEY_AND_CA =
            List.of(MountPaths.TLS_CERT_KEY, MountPaths.TLS_KEY_KEY, MountPaths.CA_CERT_KEY);

    private SecretMounts() {
    }

    public static List<SecretMount> of(OtlpExporter exporter) {
        String name = exporter.getMetadata().getName();
        OtlpExporterSpec spec = Optional.ofNullable(exporter.getSpec()).orElseGet(OtlpExporterSpec::new);
        List<SecretMount> mounts = new ArrayList<>();
        Optional<UpstreamSpec> upstream = Optional.ofNullable(spec.getUpstream());
        upstream.ifPresent(primary -> upstreamMounts(primary, UpstreamFiles.PRIMARY, mounts));
        List<FailoverUpstreamSpec> failover = upstream.map(UpstreamSpec::getFailover).orElse(List.of());
        for (int i = 0; i < failover.size(); i++) {
            if (failover.get(i) != null) {
                upstreamMounts(failover.get(i), UpstreamFiles.failover(i), mounts);
            }
        }
        Optional<ReceiverSpec> receiver = Optional.ofNullable(spec.getReceiver());
        receiver.map(ReceiverSpec::getTls).flatMap(tls -> receiverTls(name, tls)).ifPresent(mounts::add);
        receiver.map(ReceiverSpec::getAuth).map(ReceiverAuthSpec::getApiKey)
                .flatMap(apiKey -> receiverApiKey(name, apiKey)).ifPresent(mounts::add);
        return List.copyOf(mounts);
    }

    /** One upstream's CA, client certificate, API key and OAuth2 client secret, in volumes named for that upstream. */
    private static void upstreamMounts(UpstreamConnectionSpec upstream, UpstreamFiles files, List<SecretMount> mounts) {
        String prefix = files.volumePrefix();
        Optional<UpstreamTlsSpec> tls = Optional.ofNullable(upstream.getTls());
        tls.map(UpstreamTlsSpec::getCaSecretRef).flatMap(ref -> keyOf(ref, prefix + "upstream-ca", files.caDir(),
                MountPaths.CA_CERT_KEY, files.field() + ".tls.caSecretRef")).ifPresent(mounts::add);
        tls.map(UpstreamTlsSpec::getClientCertSecretRef).filter(ref -> ref.getName() != null).ifPresent(ref -> mounts.add(
                new SecretMount(prefix + "upstream-client", ref.getName(), files.clientDir(), CERT_AND_KEY, CERT_AND_KEY,
                        Optional.of(files.field() + ".tls.clientCertSecretRef"))));
        Optional<UpstreamAuthSpec> auth = Optional.ofNullable(upstream.getAuth());
        auth.filter(a -> a.getType() == UpstreamAuthType.API_KEY && a.getApiKey() != null)
                .map(a -> a.getApiKey().getSecretRef())
                .flatMap(ref -> keyOf(ref, prefix + "upstream-api-key", files.apiKeyDir(), MountPaths.API_KEY_ITEM,
                        files.field() + ".auth.apiKey.secretRef")).ifPresent(mounts::add);
        auth.filter(a -> a.getType() == UpstreamAuthType.OAUTH2 && a.getOauth2() != null)
                .map(a -> a.getOauth2().getClientSecretRef())
                .flatMap(ref -> keyOf(ref, prefix + "oauth2", files.oauth2Dir(), MountPaths.CLIENT_SECRET_ITEM,
                        files.field() + ".auth.oauth2.clientSecretRef")).ifPresent(mounts::add);
    }

    private static Optional<SecretMount> receiverTls(String exporterName, ReceiverTlsSpec tls) {
        if (Boolean.TRUE.equals(tls.getGenerate())) {
            return Optional.of(new SecretMount("receiver-tls", ResourceNames.receiverTlsSecret(exporterName),
                    MountPaths.RECEIVER_TLS_DIR, CERT_KEY_AND_CA, CERT_KEY_AND_CA, Optional.empty()));
        }
        return Optional.ofNullable(tls.getSecretRef()).filter(ref -> ref.getName() != null).map(ref -> new SecretMount("receiver-tls", ref.getName(),
                MountPaths.RECEIVER_TLS_DIR, CERT_AND_KEY, CERT_AND_KEY, Optional.of("spec.receiver.tls.secretRef")));
    }

    private static Optional<SecretMount> receiverApiKey(String exporterName, ReceiverApiKeySpec apiKey) {
        if (Boolean.TRUE.equals(apiKey.getGenerate())) {
            return Optional.of(new SecretMount("receiver-api-key", ResourceNames.receiverApiKeySecret(exporterName),
                    MountPaths.RECEIVER_API_KEY_DIR, List.of(MountPaths.API_KEY_ITEM), List.of(MountPaths.API_KEY_ITEM),
                    Optional.empty()).withPreviousKeys());
        }
        return Optional.ofNullable(apiKey.getSecretRef()).flatMap(ref -> keyOf(ref, "receiver-api-key",
                MountPaths.RECEIVER_API_KEY_DIR, MountPaths.API_KEY_ITEM, "spec.receiver.auth.apiKey.secretRef"))
                .map(SecretMount::withPreviousKeys);
    }

    private static Optional<SecretMount> keyOf(SecretKeyRef ref, String volumeName, String directory, String file, String field) {
        if (ref.getName() == null || ref.getKey() == null) {
            return Optional.empty();
        }
        return Optional.of(new SecretMount(volumeName, ref.getName(), directory, List.of(ref.getKey()), List.of(file),
                Optional.of(field)));
    }
}
