package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.validation.SpecValidation;
import dev.otlp.operator.testing.Exporters;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SamplesTest {

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(Exporters.SAMPLES)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void thereIsOneSamplePerProfileAndOneEachForTlsWithApiKeysAlertsAPersistentQueueASidecarAndFailover() throws IOException {
        assertThat(samples()).containsExactlyInAnyOrder(
                "low-latency.yaml", "balanced.yaml", "high-throughput.yaml", "tls-and-api-key.yaml", "alerts.yaml",
                "persistent-queue.yaml", "sidecar.yaml", "failover.yaml");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleIsAValidOtlpExporter(String sample) {
        OtlpExporter exporter = Exporters.sample(sample);

        assertThat(exporter.getSpec()).isNotNull();
        assertThat(exporter.getMetadata().getName()).isNotBlank();
        assertThat(SpecValidation.problems(exporter)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleHasNoMisspelledField(String sample) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode written = yaml.readTree(Exporters.SAMPLES.resolve(sample).toFile()).get("spec");

        JsonNode read = yaml.valueToTree(yaml.treeToValue(written, OtlpExporterSpec.class));

        assertThat(read).as("what the model reads back from the sample's spec").isEqualTo(written);
    }

    @Test
    void theAlertsSampleCarriesItsThresholds() {
        var alerts = Exporters.sample("alerts.yaml").getSpec().getMonitoring().getAlerts();

        assertThat(alerts.getEnabled()).isTrue();
        assertThat(alerts.getP99LatencyThreshold()).isEqualTo("50ms");
        assertThat(alerts.getErrorRateThreshold()).isEqualTo(0.01);
        assertThat(alerts.getMinThroughput()).isEqualTo(100);
        assertThat(alerts.getQueueUtilizationThreshold()).isEqualTo(0.75);
    }
}
