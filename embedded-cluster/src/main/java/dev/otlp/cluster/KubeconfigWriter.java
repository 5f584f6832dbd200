package dev.otlp.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a kubeconfig whose only context points {@code kubectl} at an API server URL. Its user has
 * a token, though the embedded server checks none: fabric8's client, given a user without
 * credentials, reads the kubeconfig again before every request in case a token appeared, which
 * cost the operator a fifth of its CPU at fleet scale.
 */
public final class KubeconfigWriter {

    public static final String CONTEXT = "otlp-fleet-embedded";

    private KubeconfigWriter() {
    }

    /**
     * @param file where to write, parent directories are created
     * @param serverUrl the API server, for example {@code http://127.0.0.1:41234}
     * @param namespace the context's default namespace
     * @return {@code file}
     */
    public static Path write(Path file, String serverUrl, String namespace) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: embedded-api-server
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: %3$s
                current-context: %1$s
                """.formatted(CONTEXT, serverUrl, namespace);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }
}
