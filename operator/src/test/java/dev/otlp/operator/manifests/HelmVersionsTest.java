package dev.otlp.operator.manifests;

import dev.otlp.operator.testing.ExternalTools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart with the real Helm 3 and Helm 4 binaries ({@code .ci/run} installs them and sets
 * {@code HELM3_BIN} and {@code HELM4_BIN}): both lint it strictly, and both render the same objects,
 * compared as data, for the default values and for values that switch every optional template on.
 */
class HelmVersionsTest {

    private static final Path CHART = Path.of("..", "helm", "otlp-fleet-operator");
    private static final String NAMESPACE = "otlp-fleet-system";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path tmp;

    private static Path helm3;
    private static Path helm4;

    @BeforeAll
    static void findHelmBinaries() {
        helm3 = binary("HELM3_BIN");
        helm4 = binary("HELM4_BIN");
        String missing = (helm3 == null ? "HELM3_BIN " : "") + (helm4 == null ? "HELM4_BIN" : "");
        if (!missing.isEmpty()) {
            ExternalTools.missing("set " + missing.trim() + " to helm binaries (.ci/run does, with .ci/k8s-tools.sh)");
        }
    }

    @Test
    void theBinariesAreHelm3AndHelm4() throws Exception {
        assertThat(run(helm3, "version", "--short")).startsWith("v3.");
        assertThat(run(helm4, "version", "--short")).startsWith("v4.");
    }

    @Test
    void bothLintTheChartStrictly() throws Exception {
        assertThat(run(helm3, "lint", "--strict", CHART.toString())).contains("0 chart(s) failed");
        assertThat(run(helm4, "lint", "--strict", CHART.toString())).contains("0 chart(s) failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            """
            watchNamespaces: [team-a, team-b]
            replicaCount: 2
            leaderElection: {enabled: false}
            metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}, prometheusRule: {enabled: true}}
            podDisruptionBudget: {enabled: true}
            networkPolicy: {enabled: true, metricsFromNamespaceSelector: {matchLabels: {name: monitoring}}}
            webhook: {sidecarInjection: {namespaceLabels: {otlp.dev/sidecars: enabled}}}
            crds: {keep: false}
            prometheusAdapterRules: {enabled: true}
            """,
            """
            webhook: {enabled: false}
            grafanaDashboard: {enabled: false}
            crds: {install: false}
            """})
    void bothRenderTheSameObjects(String values) throws Exception {
        Path file = Files.writeString(Files.createTempFile(tmp, "values", ".yaml"), values);

        List<JsonNode> byHelm3 = objects(run(helm3, "template", "otlp-fleet", CHART.toString(), "--namespace", NAMESPACE,
                "--values", file.toString()));
        List<JsonNode> byHelm4 = objects(run(helm4, "template", "otlp-fleet", CHART.toString(), "--namespace", NAMESPACE,
                "--values", file.toString()));

        assertThat(byHelm3).as("objects rendered by Helm 3").hasSizeGreaterThan(3);
        assertThat(byHelm4).isEqualTo(byHelm3);
    }

    /** The documents of a render, without empty ones, in a stable order. */
    private static List<JsonNode> objects(String render) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(render)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !(document instanceof NullNode) && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        objects.sort(Comparator.comparing(object -> object.path("kind").asText() + "/"
                + object.path("metadata").path("namespace").asText() + "/" + object.path("metadata").path("name").asText()));
        return objects;
    }

    private static String run(Path helm, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(helm.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + command);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s:%n%s", command, text).isZero();
        return text;
    }

    private static Path binary(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
