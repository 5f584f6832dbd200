package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.AlertThresholds;
import dev.otlp.operator.model.WorkloadKind;
import dev.otlp.operator.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusRulesTest {

    private static final GoldenFiles GOLDEN = new GoldenFiles("monitoring", "PrometheusRulesTest");

    /** What Prometheus itself adds to every scrape target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "otlp-exporter",
            "app.kubernetes.io/instance", "gateway",
            "app.kubernetes.io/managed-by", "otlp-fleet-operator");
    private static final AlertThresholds ALL_ALERTS = new AlertThresholds(
            Duration.ofMillis(250), 0.05, 1000, 0.75, 2.0, 536_870_912L);

    @Test
    void matchesGoldenFile() {
        GOLDEN.assertMatches("prometheusrule.yaml",
                Serialization.asYaml(PrometheusRules.forExporter("gateway", "observability", WorkloadKind.DEPLOYMENT, ALL_ALERTS, LABELS)));
    }

    @Test
    void isNamedAfterTheExporterAndCarriesItsLabels() {
        GenericKubernetesResource rule = PrometheusRules.forExporter("gateway", "observability", WorkloadKind.DEPLOYMENT, ALL_ALERTS, LABELS);

        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getKind()).isEqualTo("PrometheusRule");
        assertThat(rule.getMetadata().getName()).isEqualTo("gateway-alerts");
        assertThat(rule.getMetadata().getNamespace()).isEqualTo("observability");
        assertThat(rule.getMetadata().getLabels()).isEqualTo(LABELS);
    }

    @Test
    void alertsOnEveryConcernOfTheDesignWhenAllThresholdsAreSet() {
        assertThat(rules(ALL_ALERTS)).extracting(rule -> rule.get("alert")).containsExactly(
                "OtlpExporterDown", "OtlpExporterMetricsAbsent", "OtlpExporterDataDropped",
                "OtlpExporterExportFailures", "OtlpExporterUpstreamBlocked", "OtlpExporterFailedOver",
                "OtlpExporterCredentialReloadFailed", "OtlpExporterQueueSaturated",
                "OtlpExporterHighLatency",
                "OtlpExporterHighErrorRate", "OtlpExporterLowThroughput", "OtlpExporterHighCpu",
                "OtlpExporterHighMemory");
    }

    @Test
    void expressionsUseOnlyMetricsTheRuntimeExposes() throws Exception {
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> rule : rules(ALL_ALERTS)) {
            Matcher selector = SELECTOR.matcher(expr(rule));
            while (selector.find()) {
                used.add(selector.group(1));
            }
        }

        Set<String> scraped = new TreeSet<>(PROMETHEUS_SERIES);
        scraped.addAll(RunningRuntimeMetrics.names());
        assertThat(scraped).containsAll(used);
        assertThat(used).contains("otlp_dropped_items_total", "otlp_export_failures_total", "otlp_queue_size",
                "otlp_queue_capacity", "otlp_queue_size_bytes", "otlp_queue_capacity_bytes",
                "otlp_request_duration_seconds_bucket", "otlp_errors_total",
                "otlp_requests_total", "otlp_received_items_total", "process_cpu_seconds_total",
                "process_resident_memory_bytes", "otlp_config_reload_failing", "up");
    }

    @Test
    void everySelectorIsScopedToTheExporterLabelThatEveryModesMonitorSets() {
        for (WorkloadKind workload : WorkloadKind.values()) {
            for (Map<String, Object> rule : rules(workload, ALL_ALERTS)) {
                Matcher selector = SELECTOR.matcher(expr(rule));
                int selectors = 0;
                while (selector.find()) {
                    selectors++;
                    assertThat(selector.group(2)).as(workload + " " + rule.get("alert") + " selector")
                            .startsWith("namespace=\"observability\", otlp_exporter=\"gateway\"");
                }
                assertThat(selectors).as(rule.get("alert") + " selectors").isPositive();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSidecarsAbsentAlertPointsAtItsInjectedPodsAndPodMonitor() {
        Map<String, Object> absent = rules(WorkloadKind.SIDECAR, ALL_ALERTS).stream()
                .filter(rule -> "OtlpExporterMetricsAbsent".equals(rule.get("alert"))).findFirst().orElseThrow();

        assertThat(((Map<String, String>) absent.get("annotations")).get("description"))
                .contains("injected into", "PodMonitor").doesNotContain("ServiceMonitor");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasADurationASeverityAndAnnotationsNamingTheValueAndThePod() {
        for (Map<String, Object> rule : rules(ALL_ALERTS)) {
            Object alert = rule.get("alert");
            Map<String, String> labels = (Map<String, String>) rule.get("labels");
            Map<String, String> annotations = (Map<String, String>) rule.get("annotations");

            assertThat((String) rule.get("for")).as(alert + " for").matches("[1-9][0-9]*m");
            assertThat(labels.get("severity")).as(alert + " severity").isIn("critical", "warning");
            assertThat(annotations.get("summary")).as(alert + " summary").contains("observability/gateway");
            assertThat(annotations.get("description")).as(alert + " description").contains("{{ $value");
            if (!"OtlpExporterMetricsAbsent".equals(alert)) {
                assertThat(annotations.get("description")).as(alert + " description").contains("{{ $labels.pod }}");
            }
        }
    }

    @Test
    void thresholdsAppearInTheExpressions() {
        Map<String, String> byAlert = exprsByAlert(ALL_ALERTS);

        assertThat(byAlert.get("OtlpExporterHighLatency")).endsWith("> 0.25");
        assertThat(byAlert.get("OtlpExporterHighErrorRate")).endsWith("> 0.05");
        assertThat(byAlert.get("OtlpExporterQueueSaturated")).as("the queue refuses data when items or bytes are full")
                .contains("otlp_queue_size{", "otlp_queue_size_bytes{").endsWith("> 0.75");
        assertThat(byAlert.get("OtlpExporterLowThroughput")).endsWith("< 1000");
        assertThat(byAlert.get("OtlpExporterHighCpu")).endsWith("[5m]) / 2 > 0.9");
        assertThat(byAlert.get("OtlpExporterHighMemory")).endsWith("} / 536870912 > 0.9");
        assertThat(byAlert.get("OtlpExporterDataDropped")).contains("increase(otlp_dropped_items_total").endsWith("> 0");
    }

    @Test
    void latencyThresholdIsWrittenInSeconds() {
        AlertThresholds microseconds = new AlertThresholds(Duration.ofNanos(100_000), 0.01, 0, 0.8, null, null);

        assertThat(exprsByAlert(microseconds).get("OtlpExporterHighLatency")).endsWith("> 0.0001");
    }

    @Test
    void leavesOutLowThroughputWhenItsMinimumIsZeroAndResourceAlertsWithoutLimits() {
        Map<String, String> byAlert = exprsByAlert(new AlertThresholds(Duration.ofMillis(100), 0.01, 0, 0.8, null, null));

        assertThat(byAlert).doesNotContainKeys("OtlpExporterLowThroughput", "OtlpExporterHighCpu",
                "OtlpExporterHighMemory");
        assertThat(byAlert.get("OtlpExporterHighLatency")).endsWith("> 0.1");
        assertThat(byAlert.get("OtlpExporterHighErrorRate")).endsWith("> 0.01");
        assertThat(byAlert.get("OtlpExporterQueueSaturated")).endsWith("> 0.8");
    }

    @Test
    void onlyTheLimitThatIsKnownGetsAnAlert() {
        AlertThresholds cpuOnly = new AlertThresholds(Duration.ofMillis(100), 0.01, 0, 0.8, 0.5, null);

        assertThat(exprsByAlert(cpuOnly)).containsKey("OtlpExporterHighCpu").doesNotContainKey("OtlpExporterHighMemory");
        assertThat(exprsByAlert(cpuOnly).get("OtlpExporterHighCpu")).contains("/ 0.5 > 0.9");
    }

    @Test
    void expressionsAreNonEmptyAndBalanced() {
        for (Map<String, Object> rule : rules(ALL_ALERTS)) {
            assertThat(expr(rule)).as(rule.get("alert") + " expr").isNotBlank();
            assertThat(balanced(expr(rule))).as(rule.get("alert") + " brackets in " + expr(rule)).isTrue();
            assertThat(expr(rule).chars().filter(c -> c == '"').count() % 2).as(rule.get("alert") + " quotes").isZero();
        }
    }

    @Test
    void rejectsThresholdsThatCouldNeverOrWouldAlwaysFire() {
        assertThatThrownBy(() -> new AlertThresholds(Duration.ZERO, 0.01, 0, 0.8, null, null))
                .hasMessageContaining("p99Latency");
        assertThatThrownBy(() -> new AlertThresholds(Duration.ofMillis(100), 0, 0, 0.8, null, null))
                .hasMessageContaining("errorRate");
        assertThatThrownBy(() -> new AlertThresholds(Duration.ofMillis(100), 0.01, -1, 0.8, null, null))
                .hasMessageContaining("minThroughputPerSecond");
        assertThatThrownBy(() -> new AlertThresholds(Duration.ofMillis(100), 0.01, 0, 1.5, null, null))
                .hasMessageContaining("queueUtilization");
        assertThatThrownBy(() -> new AlertThresholds(Duration.ofMillis(100), 0.01, 0, 0.8, 0.0, null))
                .hasMessageContaining("cpuLimitCores");
        assertThatThrownBy(() -> new AlertThresholds(Duration.ofMillis(100), 0.01, 0, 0.8, null, 0L))
                .hasMessageContaining("memoryLimitBytes");
    }

    /** The rules as a Prometheus Operator would read them: through the serialized YAML. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(AlertThresholds thresholds) {
        return rules(WorkloadKind.DEPLOYMENT, thresholds);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(WorkloadKind workload, AlertThresholds thresholds) {
        String yaml = Serialization.asYaml(PrometheusRules.forExporter("gateway", "observability", workload, thresholds, LABELS));
        GenericKubernetesResource read = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        Map<String, Object> spec = (Map<String, Object>) read.getAdditionalProperties().get("spec");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
        assertThat(groups).hasSize(1);
        return (List<Map<String, Object>>) groups.get(0).get("rules");
    }

    private static Map<String, String> exprsByAlert(AlertThresholds thresholds) {
        Map<String, String> byAlert = new java.util.LinkedHashMap<>();
        rules(thresholds).forEach(rule -> byAlert.put((String) rule.get("alert"), expr(rule)));
        return byAlert;
    }

    private static String expr(Map<String, Object> rule) {
        return (String) rule.get("expr");
    }

    private static boolean balanced(String expr) {
        Deque<Character> open = new ArrayDeque<>();
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '(' || c == '[' || c == '{') {
                open.push(c);
            } else if (c == ')' || c == ']' || c == '}') {
                char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (open.isEmpty() || open.pop() != expected) {
                    return false;
                }
            }
        }
        return open.isEmpty() && !quoted;
    }
}
