package dev.otlp.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** For the demo: the YAML manifests of a directory, applied (created or replaced) as {@code kubectl apply} would. */
final class SampleManifests {

    private SampleManifests() {
    }

    /** The {@code .yaml}/{@code .yml} files of the directory, sorted; fails clearly when there are none. */
    static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("samples directory " + directory.toAbsolutePath().normalize()
                    + " does not exist: run from the repository root or pass --samples DIR");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> files = entries
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("samples directory " + directory.toAbsolutePath().normalize()
                        + " holds no .yaml files");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Applies every object of every file, into {@code namespace} where an object names none. */
    static List<HasMetadata> apply(KubernetesClient client, List<Path> files, String namespace) {
        List<HasMetadata> applied = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata object : client.load(in).items()) {
                    if (object.getMetadata().getNamespace() == null) {
                        object.getMetadata().setNamespace(namespace);
                    }
                    applied.add(client.resource(object).createOr(NonDeletingOperation::update));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (KubernetesClientException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot apply " + file + ": " + e.getMessage(), e);
            }
        }
        return applied;
    }
}
