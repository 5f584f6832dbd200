package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.ScalingSeries;
import dev.otlp.operator.model.ExporterSeries;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.operator.model.Scaling.Metric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series that autoscaling reads are the ones a running exporter runtime serves on {@code /metrics}: those the
 * chart's prometheus-adapter rules select and rename into what the HPA's {@code Pods} metrics name, and those KEDA's
 * Prometheus queries read.
 */
class PrometheusScalingRulesTest {

    private static final Path RULES = Path.of("..", "helm", "otlp-fleet-operator", "files", "prometheus-adapter-rules.yaml");
    private static final Pattern METRIC_NAME = Pattern.compile("^(?:sum\\((?:rate\\()?)?([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    private static Set<String> served;

    @BeforeAll
    static void scrapeARunningRuntime() throws Exception {
        served = RunningRuntimeMetrics.names();
    }

    @Test
    void theAdaptersRulesSelectServedSeriesAndNameThemAsTheAutoscalerReadsThem() throws Exception {
        List<JsonNode> rules = StreamSupport.stream(new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile())
                .path("rules").spliterator(), false).toList();

        assertThat(rules).extracting(rule -> seriesName(rule.path("seriesQuery").asText())).allSatisfy(series ->
                assertThat(served).as("series a running runtime serves").contains(series));
        assertThat(rules).extracting(rule -> rule.path("name").path("as").asText()).containsExactly(
                ScalingSeries.customMetricName(Metric.QUEUE_FILL), ScalingSeries.customMetricName(Metric.RECEIVED_ITEMS_RATE));
        assertThat(rules).allSatisfy(rule -> assertThat(seriesName(rule.path("seriesQuery").asText()))
                .matches(rule.path("name").path("matches").asText()));
    }

    @Test
    void kedasQueriesReadServedSeriesOfTheExporter() {
        for (Metric metric : List.of(Metric.QUEUE_FILL, Metric.RECEIVED_ITEMS_RATE)) {
            String query = ScalingSeries.kedaQuery(metric, "observability", "gateway");

            assertThat(served).as(query).contains(seriesName(query));
            assertThat(query).contains(ExporterSeries.EXPORTER_LABEL + "=\"gateway\"", "namespace=\"observability\"");
        }
    }

    private static String seriesName(String query) {
        Matcher matcher = METRIC_NAME.matcher(query);
        assertThat(matcher.find()).as("a metric name opens " + query).isTrue();
        return matcher.group(1);
    }
}
