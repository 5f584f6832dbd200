package dev.otlp.operator.model;

import java.util.List;
import java.util.Optional;

/**
 * One Secret volume of the exporter pod: the Secret's {@code keys} appear as the files {@code paths}
 * (same order) in {@code directory}, and its {@code optionalKeys} as the files {@code optionalPaths} while the Secret
 * holds them (a key it lacks is no file, not a pod that cannot start). A user Secret carries the spec field that
 * references it; a Secret the operator generates has none.
 */
public record SecretMount(String volumeName, String secretName, String directory, List<String> keys, List<String> paths,
                          List<String> optionalKeys, List<String> optionalPaths, Optional<String> referencedBy) {

    public SecretMount {
        keys = List.copyOf(keys);
        paths = List.copyOf(paths);
        optionalKeys = List.copyOf(optionalKeys);
        optionalPaths = List.copyOf(optionalPaths);
    }

    /** A mount whose keys must all be in the Secret. */
    public SecretMount(String volumeName, String secretName, String directory, List<String> keys, List<String> paths,
                       Optional<String> referencedBy) {
        this(volumeName, secretName, directory, keys, paths, List.of(), List.of(), referencedBy);
    }

    /** This mount, plus each key's {@link MountPaths#PREVIOUS_SUFFIX previous} key as the file beside it, when present. */
    public SecretMount withPreviousKeys() {
        return new SecretMount(volumeName, secretName, directory, keys, paths, previous(keys), previous(paths), referencedBy);
    }

    public Optional<SecretReference> reference() {
        return referencedBy.map(field -> new SecretReference(field, secretName, keys));
    }

    private static List<String> previous(List<String> names) {
        return names.stream().map(name -> name + MountPaths.PREVIOUS_SUFFIX).toList();
    }
}
