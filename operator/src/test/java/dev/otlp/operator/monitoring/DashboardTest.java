package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.ExporterSeries;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's Grafana dashboard picks exporters by the label every mode's scrape sets, as the alerts
 * do; the panels of its Operator row read the operator's own series ({@link OperatorMonitoringTest}).
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("..", "helm", "otlp-fleet-operator", "files", "dashboards", "otlp-fleet.json");

    @Test
    void everyExporterPanelSelectsTheChosenExportersByTheExporterLabelNotByAServiceSidecarsLack() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText()) && "Operator".equals(panel.path("title").asText())) {
                break;
            }
            panel.findValues("expr").forEach(expr -> exprs.add(expr.asText()));
        }

        assertThat(exprs).isNotEmpty().allSatisfy(expr -> assertThat(expr)
                .contains(ExporterSeries.EXPORTER_LABEL + "=~\"$exporter\"").doesNotContain("service"));
        assertThat(variable(dashboard, "exporter").path("definition").asText())
                .endsWith(", " + ExporterSeries.EXPORTER_LABEL + ")");
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError("the dashboard has no variable " + name);
    }
}
