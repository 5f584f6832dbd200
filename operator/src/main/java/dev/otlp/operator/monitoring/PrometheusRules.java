package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.ExporterSeries;
import dev.otlp.operator.model.AlertThresholds;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.WorkloadKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PrometheusRule {@code X-alerts} that alerts on one exporter's own metrics.
 *
 * <p>Every expression selects the exporter's series by {@code namespace} and {@link ExporterSeries#EXPORTER_LABEL},
 * which both {@link ServiceMonitors} (gateways) and {@link PodMonitors} (sidecars) set, and keeps the
 * {@code pod} label so that each alert names its pod: for a sidecar, the application's pod.
 */
public final class PrometheusRules {

    /** Share of a CPU or memory limit above which the resource alerts fire. */
    public static final double RESOURCE_UTILIZATION = 0.9;

    /** The runtime's {@code upstream} label of spec.upstream; the failover entries are {@code failover-1}, {@code failover-2}... */
    static final String PRIMARY_UPSTREAM = "primary";

    private static final String POD = "namespace, " + ExporterSeries.EXPORTER_LABEL + ", pod";
    private static final String BY_POD = "sum by (" + POD + ")";

    private PrometheusRules() {
    }

    /**
     * @param name     the OtlpExporter's name; the rule is named {@code name + "-alerts"}
     * @param workload what runs the runtimes, which says how Prometheus finds them
     * @param labels labels of the PrometheusRule itself (the generated-object labels, plus any a
     *               Prometheus {@code ruleSelector} needs)
     */
    public static GenericKubernetesResource forExporter(String name, String namespace, WorkloadKind workload,
                                                        AlertThresholds thresholds, Map<String, String> labels) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "otlp-exporter-" + name);
        group.put("rules", alerts(name, namespace, workload, thresholds).stream().map(Alert::toRule).toList());
        return MonitoringCrds.resource(MonitoringCrds.PROMETHEUS_RULE, ResourceNames.alerts(name), namespace, labels,
                Map.of("groups", List.of(group)));
    }

    private static List<Alert> alerts(String name, String namespace, WorkloadKind workload, AlertThresholds thresholds) {
        String sel = ExporterSeries.selector(namespace, name);
        String exporter = "OtlpExporter " + namespace + "/" + name;
        List<Alert> alerts = new ArrayList<>();
        alerts.add(new Alert("OtlpExporterDown",
                "up" + sel + " == 0",
                "1m", "critical",
                exporter + " in pod {{ $labels.pod }} is down",
                "Prometheus cannot scrape the runtime in pod {{ $labels.pod }} (up = {{ $value }}): it is not running or not"
                        + " serving /metrics."));
        alerts.add(new Alert("OtlpExporterMetricsAbsent",
                "absent(up" + sel + ")",
                "10m", "critical",
                exporter + " has no scraped pods",
                (workload.ownPods()
                        ? "No pod of " + exporter + " has been scraped for 10 minutes (absent = {{ $value }}): "
                        + "it has no running pods, or Prometheus does not select its ServiceMonitor."
                        : "No pod that " + exporter + " was injected into has been scraped for 10 minutes"
                        + " (absent = {{ $value }}): no running pod has it, or Prometheus does not select its PodMonitor.")));
        alerts.add(new Alert("OtlpExporterDataDropped",
                "sum by (" + POD + ", signal, reason) (increase(otlp_dropped_items_total" + sel + "[5m])) > 0",
                "1m", "critical",
                exporter + " is dropping {{ $labels.signal }}",
                "Pod {{ $labels.pod }} dropped {{ $value | humanize }} {{ $labels.signal }} items in the last 5 minutes "
                        + "(reason {{ $labels.reason }}): that data is lost."));
        alerts.add(new Alert("OtlpExporterExportFailures",
                "sum by (" + POD + ", signal, reason) (rate(otlp_export_failures_total" + sel + "[5m])) > 0",
                "5m", "warning",
                exporter + " fails to export {{ $labels.signal }} upstream",
                "Pod {{ $labels.pod }} fails {{ $value | humanize }} {{ $labels.signal }} exports per second "
                        + "(reason {{ $labels.reason }}); they are retried until the queue fills."));
        alerts.add(new Alert("OtlpExporterUpstreamBlocked",
                "max by (" + POD + ", reason) (otlp_export_blocked" + sel + ") > 0",
                "5m", "critical",
                exporter + " upstream refuses its exports",
                "The upstream refuses every export of pod {{ $labels.pod }} ({{ $labels.reason }}, value {{ $value }}): fix the exporter's"
                        + " credentials, permissions, endpoint or TLS. The data is held until then; once the queue is full,"
                        + " clients are refused."));
        alerts.add(new Alert("OtlpExporterFailedOver",
                "max by (" + POD + ", upstream) (otlp_upstream_active" + ExporterSeries.selector(namespace, name,
                        "upstream!=\"" + PRIMARY_UPSTREAM + "\"") + ") > 0",
                "1m", "warning",
                exporter + " sends to failover upstream {{ $labels.upstream }}",
                "Pod {{ $labels.pod }} exports to {{ $labels.upstream }} (value {{ $value }}), not to spec.upstream: the"
                        + " primary failed or refused this exporter. It fails back when a probe of the primary succeeds;"
                        + " otlp_upstream_switches_total counts the switches."));
        // A Secret edited in two steps (certificate, then key) fails to load in between: 5m lets the second step land.
        alerts.add(new Alert("OtlpExporterCredentialReloadFailed",
                "max by (" + POD + ") (otlp_config_reload_failing" + sel + ") > 0",
                "5m", "warning",
                exporter + " cannot load its changed credentials in pod {{ $labels.pod }}",
                "Pod {{ $labels.pod }} could not load the changed files of {{ $value }} credential setting(s)"
                        + " (a broken PEM, a key that does not match its certificate, an empty key file) and keeps using"
                        + " the previous ones, which stop working once they expire or are revoked. Fix the Secret: the"
                        + " pod loads it within seconds, without a restart. The pod's /ready warnings and its \"cannot"
                        + " reload\" log line name the setting and the files."));
        alerts.add(new Alert("OtlpExporterQueueSaturated",
                "otlp_queue_size" + sel + " / otlp_queue_capacity" + sel + " > " + number(thresholds.queueUtilization())
                        + " or otlp_queue_size_bytes" + sel + " / otlp_queue_capacity_bytes" + sel + " > "
                        + number(thresholds.queueUtilization()),
                "5m", "warning",
                exporter + " queue is nearly full",
                "The queue of pod {{ $labels.pod }} is {{ $value | humanizePercentage }} full in items or bytes"
                        + " (threshold " + percent(thresholds.queueUtilization()) + "); once full, it refuses new data."));
        alerts.add(new Alert("OtlpExporterHighLatency",
                "histogram_quantile(0.99, sum by (" + POD + ", le) (rate(otlp_request_duration_seconds_bucket"
                        + sel + "[5m]))) > " + seconds(thresholds),
                "10m", "warning",
                exporter + " p99 latency is high",
                "The p99 request latency of pod {{ $labels.pod }} is {{ $value | humanizeDuration }} (threshold "
                        + seconds(thresholds) + "s)."));
        alerts.add(new Alert("OtlpExporterHighErrorRate",
                BY_POD + " (rate(otlp_errors_total" + sel + "[5m])) / " + BY_POD + " (rate(otlp_requests_total" + sel
                        + "[5m])) > " + number(thresholds.errorRate()),
                "5m", "warning",
                exporter + " error rate is high",
                "Pod {{ $labels.pod }} has {{ $value | humanizePercentage }} errors per request (threshold "
                        + percent(thresholds.errorRate()) + ")."));
        if (thresholds.minThroughputPerSecond() > 0) {
            alerts.add(new Alert("OtlpExporterLowThroughput",
                    BY_POD + " (rate(otlp_received_items_total" + sel + "[5m])) < "
                            + number(thresholds.minThroughputPerSecond()),
                    "10m", "warning",
                    exporter + " receives little data",
                    "Pod {{ $labels.pod }} receives {{ $value | humanize }} items per second (threshold "
                            + number(thresholds.minThroughputPerSecond()) + ")."));
        }
        if (thresholds.cpuLimitCores() != null) {
            alerts.add(new Alert("OtlpExporterHighCpu",
                    "rate(process_cpu_seconds_total" + sel + "[5m]) / " + number(thresholds.cpuLimitCores()) + " > "
                            + number(RESOURCE_UTILIZATION),
                    "15m", "warning",
                    exporter + " is close to its CPU limit",
                    "Pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its "
                            + number(thresholds.cpuLimitCores()) + "-core CPU limit; it will be throttled."));
        }
        if (thresholds.memoryLimitBytes() != null) {
            alerts.add(new Alert("OtlpExporterHighMemory",
                    "process_resident_memory_bytes" + sel + " / " + thresholds.memoryLimitBytes() + " > "
                            + number(RESOURCE_UTILIZATION),
                    "5m", "warning",
                    exporter + " is close to its memory limit",
                    "Pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its "
                            + thresholds.memoryLimitBytes() + "-byte memory limit; it risks being OOM-killed."));
        }
        return alerts;
    }

    private static String seconds(AlertThresholds thresholds) {
        return BigDecimal.valueOf(thresholds.p99Latency().toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private record Alert(String name, String expr, String forDuration, String severity, String summary,
                         String description) {
        Map<String, Object> toRule() {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("alert", name);
            rule.put("expr", expr);
            rule.put("for", forDuration);
            rule.put("labels", Map.of("severity", severity));
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("summary", summary);
            annotations.put("description", description);
            rule.put("annotations", annotations);
            return rule;
        }
    }
}
