package dev.otlp.operator.render;

import java.util.List;

/**
 * A user's Secret that the spec points at.
 *
 * @param field        the spec field that references it, e.g. {@code spec.upstream.auth.apiKey.secretRef}
 * @param requiredKeys the data keys the pods read from it
 */
public record SecretReference(String field, String name, List<String> requiredKeys) {

    public SecretReference {
        requiredKeys = List.copyOf(requiredKeys);
    }
}
