package dev.otlp.operator.model;

import java.util.List;
import java.util.Optional;

/**
 * One Secret volume of the exporter pod: the Secret's {@code keys} appear as the files {@code paths}
 * (same order) in {@code directory}. A user Secret carries the spec field that references it; a Secret
 * the operator generates has none.
 */
public record SecretMount(String volumeName, String secretName, String directory, List<String> keys, List<String> paths,
                   Optional<String> referencedBy) {

    public SecretMount {
        keys = List.copyOf(keys);
        paths = List.copyOf(paths);
    }

    public Optional<SecretReference> reference() {
        return referencedBy.map(field -> new SecretReference(field, secretName, keys));
    }
}
