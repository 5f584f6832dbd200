package dev.otlp.cluster;

import dev.otlp.cluster.testing.Kubectl;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code kubectl get} of a custom resource prints the CRD's printer columns, as on a cluster. */
class ServerSideTablesTest {

    private static final Path OTLP_EXPORTER_CRD = Path.of("..", "crds", "otlpexporters.otlp.dev-v1.yml");
    private static final ResourceDefinitionContext OTLP_EXPORTERS = new ResourceDefinitionContext.Builder()
            .withGroup("otlp.dev").withVersion("v1alpha1").withPlural("otlpexporters").withKind("OtlpExporter")
            .withNamespaced(true).build();

    @TempDir
    Path tmp;

    private EmbeddedApiServer server;
    private Kubectl kubectl;

    @BeforeEach
    void start() {
        server = EmbeddedApiServer.start(0);
        server.installCrd(OTLP_EXPORTER_CRD);
        kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("cache"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void kubectlGetPrintsTheColumnsOfTheCommittedCrdAndTheirValues() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        createExporter("gateway", "https://collector.example.com:4317");
        createExporter("pending", "http://other:4317");

        List<String> lines = kubectl.output("-n", "observability", "get", "otlpx").lines().toList();

        List<String> headers = new ArrayList<>(List.of("NAME"));
        columnsOf(loadCrd()).forEach(column -> headers.add(column.getName().toUpperCase(Locale.ROOT)));
        assertThat(List.of(lines.get(0).trim().split("\\s{2,}"))).containsExactlyElementsOf(headers);
        String gateway = lines.stream().filter(line -> line.startsWith("gateway ")).findFirst().orElseThrow();
        Map<String, String> row = cells(headers, lines.get(0), gateway);
        assertThat(row).containsEntry("NAME", "gateway");
        columnsOf(loadCrd()).forEach(column -> {
            String header = column.getName().toUpperCase(Locale.ROOT);
            switch (column.getJsonPath()) {
                case ".status.profile" -> assertThat(row.get(header)).isEqualTo("balanced");
                case ".status.ready" -> assertThat(row.get(header)).isEqualTo("2/2");
                case ".spec.upstream.endpoint" -> assertThat(row.get(header)).isEqualTo("https://collector.example.com:4317");
                case ".status.conditions[?(@.type==\"Ready\")].status" -> assertThat(row.get(header)).isEqualTo("True");
                case ".status.conditions[?(@.type==\"Ready\")].reason" -> assertThat(row.get(header)).isEqualTo("PodsReady");
                case ".metadata.creationTimestamp" -> assertThat(row.get(header)).matches("\\d+s|\\dm\\d*s?");
                default -> {
                }
            }
        });
        Map<String, String> pending = cells(headers, lines.get(0),
                lines.stream().filter(line -> line.startsWith("pending ")).findFirst().orElseThrow());
        assertThat(pending).as("a path that reaches nothing is an empty cell, as kube-apiserver leaves it")
                .containsEntry("PROFILE", "").containsEntry("READY", "").containsEntry("STATUS", "");
    }

    @Test
    void theColumnsAreReadFromTheCrdAsInstalledWhenAsked() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        createExporter("gateway", "https://collector.example.com:4317");
        CustomResourceDefinition crd = loadCrd();
        List<CustomResourceColumnDefinition> reversed = new ArrayList<>(columnsOf(crd));
        Collections.reverse(reversed);
        crd.getSpec().getVersions().get(0).setAdditionalPrinterColumns(reversed);
        server.installCrd(new java.io.ByteArrayInputStream(Serialization.asYaml(crd).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        String header = kubectl.output("-n", "observability", "get", "otlpx").lines().findFirst().orElseThrow();

        List<String> expected = new ArrayList<>(List.of("NAME"));
        reversed.forEach(column -> expected.add(column.getName().toUpperCase(Locale.ROOT)));
        assertThat(List.of(header.trim().split("\\s{2,}"))).containsExactlyElementsOf(expected);
    }

    @Test
    void aColumnWhosePathItCannotEvaluateIsAnErrorNotABlank() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH");
        createExporter("gateway", "https://collector.example.com:4317");
        CustomResourceDefinition crd = loadCrd();
        CustomResourceColumnDefinition recursive = new CustomResourceColumnDefinition();
        recursive.setName("Anything");
        recursive.setType("string");
        recursive.setJsonPath("..status");
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().add(recursive);
        server.installCrd(new java.io.ByteArrayInputStream(Serialization.asYaml(crd).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        Kubectl.Result listed = kubectl.run("-n", "observability", "get", "otlpx");

        assertThat(listed.exitCode()).isNotZero();
        assertThat(listed.output()).contains("printer column Anything", "cannot evaluate JSONPath ..status");
    }

    @Test
    void agesReadAsKubectlPrintsThem() {
        assertThat(HumanDuration.of(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.of(Duration.ofSeconds(303))).isEqualTo("5m3s");
        assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(HumanDuration.of(Duration.ofMinutes(150))).isEqualTo("150m");
        assertThat(HumanDuration.of(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.of(Duration.ofHours(52))).isEqualTo("2d4h");
        assertThat(HumanDuration.of(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(HumanDuration.of(Duration.ofDays(800))).isEqualTo("2y70d");
        assertThat(HumanDuration.of(Duration.ofDays(365 * 9))).isEqualTo("9y");
        assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }

    private void createExporter(String name, String endpoint) {
        var exporters = server.client().genericKubernetesResources(OTLP_EXPORTERS).inNamespace("observability");
        GenericKubernetesResource exporter = new GenericKubernetesResource();
        exporter.setApiVersion("otlp.dev/v1alpha1");
        exporter.setKind("OtlpExporter");
        exporter.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("observability").build());
        exporter.setAdditionalProperty("spec", Map.of("profile", "balanced", "upstream", Map.of("endpoint", endpoint)));
        exporters.resource(exporter).create();
        if (name.equals("gateway")) {
            exporters.withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), """
                    {"status": {"profile": "balanced", "ready": "2/2", "readyReplicas": 2,
                      "conditions": [
                        {"type": "Progressing", "status": "False", "reason": "RolloutComplete"},
                        {"type": "Ready", "status": "True", "reason": "PodsReady"}]}}
                    """);
        }
    }

    private static CustomResourceDefinition loadCrd() throws IOException {
        try (InputStream in = Files.newInputStream(OTLP_EXPORTER_CRD)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
    }

    private static List<CustomResourceColumnDefinition> columnsOf(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .filter(column -> column.getPriority() == null || column.getPriority() == 0)
                .toList();
    }

    /** The cells of a kubectl table row, cut where its header's columns start. */
    private static Map<String, String> cells(List<String> headers, String headerLine, String row) {
        Map<String, String> cells = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            int start = headerLine.indexOf(headers.get(i), i == 0 ? 0 : headerLine.indexOf(headers.get(i - 1)) + 1);
            int end = i + 1 < headers.size() ? headerLine.indexOf(headers.get(i + 1), start + 1) : row.length();
            cells.put(headers.get(i), row.substring(Math.min(start, row.length()), Math.min(end, row.length())).trim());
        }
        return cells;
    }
}
