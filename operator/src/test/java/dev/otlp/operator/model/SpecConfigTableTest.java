package dev.otlp.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.WorkloadExporters;
import dev.otlp.runtime.config.ConfigKey;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigLoader;
import dev.otlp.runtime.config.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpecConfigTableTest {

    @Test
    void everyRowNamesAFieldOfTheCrdAndAKeyOfTheRuntime() throws IOException {
        JsonNode spec = crdSchema().at("/properties/spec");
        List<String> runtimeKeys = ConfigLoader.keys().stream().map(ConfigKey::key).toList();
        for (SpecConfigTable.Row row : SpecConfigTable.rows()) {
            assertThat(runtimeKeys).as(row.key()).contains(row.key());
            if (row.field().startsWith("spec.")) {
                JsonNode node = spec;
                for (String part : row.field().substring("spec.".length()).split("\\.")) {
                    node = node.at("/properties/" + part);
                }
                assertThat(node.isMissingNode()).as(row.field() + " in the CRD").isFalse();
            } else {
                assertThat(row.field()).isIn("spec", "metadata.name", "metadata.namespace");
            }
        }
    }

    @Test
    void aRichResourceSetsOnlyValuesTheRuntimeReads() {
        OtlpExporter rich = WorkloadExporters.rich();

        ConfigLoadResult result = ConfigLoader.fromSettings(SpecConfigTable.settings(rich));

        assertThat(result.problems()).isEmpty();
        assertThat(SpecConfigTable.settings(rich)).containsEntry("service.name", rich.getMetadata().getName())
                .doesNotContainKey("authentication.api_key").doesNotContainKey("oauth2.client_secret");
    }

    @Test
    void fieldsTheSpecLeavesOutAreLeftToTheProfile() {
        Map<String, Object> settings = SpecConfigTable.settings(Exporters.withSpec("""
                upstream:
                  endpoint: http://collector:4317
                """));

        assertThat(settings).containsEntry("otlp.endpoint", "http://collector:4317")
                .doesNotContainKeys("performance.profile", "performance.batch_size", "queue.max_bytes", "tls.enable_tls");
    }

    @Test
    void aProblemOfTheRuntimeIsNamedByTheFieldThatSetItAndWordedInSpecFields() {
        SpecProblem problem = SpecConfigTable.specProblem(new ConfigProblem("performance.max_batch_size",
                "(10) must be at least performance.batch_size (100)"));

        assertThat(problem).isEqualTo(new SpecProblem("spec.batching.maxSize", "(10) must be at least spec.batching.size (100)"));
    }

    @Test
    void aProblemWithASettingTheOperatorFixesIsTheOperatorsAndSaysWhichSetting() {
        SpecProblem problem = SpecConfigTable.specProblem(new ConfigProblem("receiver.grpc_port",
                "clashes with monitoring.metrics_port, or move the receiver with [receiver] grpc_port"));

        assertThat(problem.field()).isEqualTo("spec");
        assertThat(problem.message()).isEqualTo("runtime setting receiver.grpc_port clashes with monitoring.metrics_port");
    }

    @Test
    void aValueTheRuntimeCannotReadIsNamedByItsField() {
        ConfigLoadResult result = ExporterConfig.load(Exporters.withSpec("""
                upstream:
                  endpoint: http://collector:4317
                  timeout: soon
                """));

        assertThat(result.problems()).singleElement().extracting(SpecConfigTable::specProblem)
                .extracting(SpecProblem::field).isEqualTo("spec.upstream.timeout");
    }

    private static JsonNode crdSchema() throws IOException {
        try (InputStream crd = OtlpExporter.class.getResourceAsStream(OtlpExporter.GENERATED_CRD)) {
            return new ObjectMapper(new YAMLFactory()).readTree(crd).at("/spec/versions/0/schema/openAPIV3Schema");
        }
    }
}
