package dev.otlp.runtime.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.testing.PollingAwait;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the exporter panels of the Grafana dashboard the chart ships query (all before its Operator row) is
 * one a running runtime's {@code /metrics} serves.
 */
class DashboardMetricsEndToEndTest {

    private static final Path DASHBOARD = Path.of("..", "helm", "otlp-fleet-operator", "files", "dashboards", "otlp-fleet.json");
    /** A metric's name; {@code otlp_exporter} is the label the alerts and the dashboard select exporters by. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:otlp|process|jvm)_(?!exporter\\b)[a-z0-9_]+)");

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        Set<String> queried = queriedMetrics(new ObjectMapper().readTree(DASHBOARD.toFile()));
        assertThat(queried).as("the dashboard queries the runtime's metrics").hasSizeGreaterThan(15);

        try (RunningRuntime runtime = RunningRuntime.start("[otlp]\nendpoint = \"debug\"\n")) {
            assertThat(runtime.post("/v1/traces", SampleRequests.smallTraces().toByteArray()).statusCode()).isEqualTo(200);
            PollingAwait.until("the batch is exported", () -> runtime.metrics().contains("otlp_export_duration_seconds_bucket"));
            Set<String> served = runtime.metrics().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());

            assertThat(served).containsAll(queried);
        }
    }

    private static Set<String> queriedMetrics(JsonNode dashboard) {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText()) && "Operator".equals(panel.path("title").asText())) {
                break; // the Operator row reads the operator's own series, checked by the operator's OperatorMonitoringTest
            }
            for (JsonNode target : panel.path("targets")) {
                Matcher names = METRIC.matcher(target.path("expr").asText());
                while (names.find()) {
                    metrics.add(names.group(1));
                }
            }
        }
        return metrics;
    }
}
