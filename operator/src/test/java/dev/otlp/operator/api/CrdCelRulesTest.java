package dev.otlp.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.otlp.operator.testing.CrdCelRules;
import dev.otlp.operator.testing.InvalidSpecCases;
import dev.otlp.operator.testing.InvalidSpecCases.Case;
import dev.otlp.operator.testing.InvalidSpecCases.Gate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRD's CEL rules as a real API server evaluates them (Google's CEL-Java): every rule compiles, refuses the
 * catalogue's cases said to be refused by a CEL rule, lets through those said to be stored, and admits every sample.
 */
class CrdCelRulesTest {

    private static final CrdCelRules RULES = CrdCelRules.load();
    private static final String UPSTREAM = "upstream:\n  endpoint: http://collector:4317\n";

    @Test
    void everyRuleOfTheCrdCompiles() {
        assertThat(RULES.all()).extracting(CrdCelRules.Rule::where)
                .contains("<root>", "spec", "spec.upstream.auth", "spec.networkPolicy.allowedSources[]");
        assertThat(RULES.all()).allSatisfy(rule -> assertThat(rule.message()).as(rule.rule()).isNotBlank());
    }

    @Test
    void everyCaseTheCrdIsSaidToRefuseWithCelIsRefusedAndNoCaseSaidToBeStoredIs() {
        for (Case invalid : InvalidSpecCases.ALL) {
            List<String> refusals = RULES.refusals(CrdCelRules.yaml(invalid.resource("gateway", "observability")));
            if (invalid.gate() == Gate.CEL) {
                assertThat(refusals).as(invalid.title()).isNotEmpty();
            } else if (invalid.gate() == Gate.OPERATOR) {
                assertThat(refusals).as(invalid.title() + ": documented as stored").isEmpty();
            }
        }
    }

    @Test
    void everySampleIsAdmitted() throws IOException {
        List<JsonNode> exporters = samples();
        assertThat(exporters).hasSizeGreaterThanOrEqualTo(7);
        for (JsonNode exporter : exporters) {
            assertThat(RULES.refusals(exporter)).as(exporter.at("/metadata/name").asText()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            x17.dotted.name          | deployment  | false
            9x-starts-with-digit     | deployment  | false
            Capital                  | deployment  | false
            ends-with-dash-          | deployment  | false
            64                       | deployment  | false
            75                       | deployment  | false
            63                       | deployment  | true
            63                       | daemonset   | true
            53                       | statefulset | false
            52                       | statefulset | true
            gateway                  | statefulset | true
            """)
    void theNameMustBeAServiceNameAndALabelValue(String name, String mode, boolean admitted) {
        String resourceName = name.matches("[0-9]+") ? InvalidSpecCases.nameOfLength(Integer.parseInt(name)) : name;
        Case exporter = new Case("", UPSTREAM + "mode: " + mode + "\n", "", Gate.CEL, resourceName);

        List<String> refusals = RULES.refusals(CrdCelRules.yaml(exporter.resource("unused", "observability")));

        assertThat(refusals.isEmpty()).as(resourceName + " " + refusals).isEqualTo(admitted);
        if (!admitted) {
            assertThat(refusals).allSatisfy(refusal -> assertThat(refusal).startsWith("<root>: metadata.name must"));
        }
    }

    private static List<JsonNode> samples() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> exporters = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "samples"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    yaml.readValues(parser, JsonNode.class).readAll().stream()
                            .filter(document -> document.path("kind").asText().equals("OtlpExporter"))
                            .forEach(exporters::add);
                }
            }
        }
        return exporters;
    }
}
