package dev.otlp.operator.model;

import java.util.List;

/**
 * A user Secret that the spec references, for the reconciler's "not found" and "has no key" conditions.
 *
 * @param field      the spec field that names it, such as {@code spec.upstream.auth.apiKey.secretRef}
 * @param secretName the Secret, in the OtlpExporter's namespace
 * @param keys       the keys the pods read from it
 */
public record SecretReference(String field, String secretName, List<String> keys) {

    public SecretReference {
        keys = List.copyOf(keys);
    }
}
