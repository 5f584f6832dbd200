package dev.otlp.operator.testing;

import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** OtlpExporters for tests, written as a user writes them: YAML. */
public final class Exporters {

    public static final Path SAMPLES = Path.of("..", "samples");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Exporters() {
    }

    /** {@code gateway} in {@code observability} with this spec (YAML, unindented). */
    public static OtlpExporter withSpec(String specYaml) {
        return fromYaml("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: gateway
                  namespace: observability
                spec:
                """ + specYaml.indent(2));
    }

    /** {@code name} in {@code namespace} with nothing but an upstream endpoint. */
    public static OtlpExporter minimal(String namespace, String name) {
        return fromYaml("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  upstream:
                    endpoint: http://collector.observability.svc:4317
                """.formatted(name, namespace));
    }

    public static OtlpExporter fromYaml(String yaml) {
        return SERIALIZATION.unmarshal(yaml, OtlpExporter.class);
    }

    public static OtlpExporter sample(String fileName) {
        try {
            OtlpExporter exporter = fromYaml(Files.readString(SAMPLES.resolve(fileName)));
            exporter.getMetadata().setNamespace("observability");
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
