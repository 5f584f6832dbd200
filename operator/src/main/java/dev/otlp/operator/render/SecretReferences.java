package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.SecretKeyRef;
import dev.otlp.operator.api.SecretRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Every user Secret an exporter's spec references, with the field that references it. */
public final class SecretReferences {

    private static final List<String> TLS_KEYS = List.of("tls.crt", "tls.key");

    private SecretReferences() {
    }

    public static List<SecretReference> of(OtlpExporter exporter) {
        OtlpExporterSpec spec = exporter.getSpec();
        List<SecretReference> references = new ArrayList<>();
        if (spec == null) {
            return references;
        }
        Optional.ofNullable(spec.getUpstream()).ifPresent(upstream -> {
            Optional.ofNullable(upstream.getTls()).ifPresent(tls -> {
                keyRef(references, "spec.upstream.tls.caSecretRef", tls.getCaSecretRef());
                ref(references, "spec.upstream.tls.clientCertSecretRef", tls.getClientCertSecretRef());
            });
            Optional.ofNullable(upstream.getAuth()).ifPresent(auth -> {
                keyRef(references, "spec.upstream.auth.apiKey.secretRef",
                        nested(auth.getApiKey(), apiKey -> apiKey.getSecretRef()));
                keyRef(references, "spec.upstream.auth.oauth2.clientSecretRef",
                        nested(auth.getOauth2(), oauth2 -> oauth2.getClientSecretRef()));
            });
        });
        Optional.ofNullable(spec.getReceiver()).ifPresent(receiver -> {
            ref(references, "spec.receiver.tls.secretRef", nested(receiver.getTls(), tls -> tls.getSecretRef()));
            keyRef(references, "spec.receiver.auth.apiKey.secretRef",
                    nested(nested(receiver.getAuth(), auth -> auth.getApiKey()), apiKey -> apiKey.getSecretRef()));
        });
        return references;
    }

    private static void keyRef(List<SecretReference> references, String field, SecretKeyRef ref) {
        if (ref != null && ref.getName() != null) {
            references.add(new SecretReference(field, ref.getName(), ref.getKey() == null ? List.of() : List.of(ref.getKey())));
        }
    }

    private static void ref(List<SecretReference> references, String field, SecretRef ref) {
        if (ref != null && ref.getName() != null) {
            references.add(new SecretReference(field, ref.getName(), TLS_KEYS));
        }
    }

    private static <T, R> R nested(T value, Function<T, R> field) {
        return value == null ? null : field.apply(value);
    }
}
