package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.ExporterSeries;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.dependent.PodMonitorDependent;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.validation.SpecValidation;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.WorkloadKind;
import dev.otlp.operator.render.RuntimeContainer;
import dev.otlp.operator.render.Services;
import dev.otlp.operator.render.Sidecars;
import dev.otlp.operator.testing.Exporters;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mode's generated alerts, run by the real {@code promtool test rules} on series labelled exactly as
 * that mode's scrape labels them ({@link PrometheusScrape}: the exporter's own ServiceMonitor or PodMonitor
 * applied to the pods that mode runs the runtime in). Each loss alert fires on loss, for the pod that
 * loses and not for its healthy sibling nor for another exporter's pod; nothing fires while healthy;
 * {@code OtlpExporterMetricsAbsent} stays silent while the series exist and fires once they are gone;
 * {@code OtlpExporterCredentialReloadFailed} waits its 5 minutes, then fires until the files load again.
 *
 * <p>promtool compares annotations exactly, with their templates expanded: the firing tests run on the
 * rules without annotations, and {@code promtool check rules} checks the full rules, templates included.
 */
class AlertsPerModePromtoolTest {

    private static final String NAMESPACE = "observability";
    private static final String EXPORTER = "gateway";
    private static final String OTHER_EXPORTER = "billing";
    private static final String IMAGE = "otlp-exporter-runtime:test";
    private static final String EVAL_TIME = "30m";
    private static final PodMonitors.RuntimeEndpoint INJECTED_RUNTIME = PodMonitorDependent.INJECTED_RUNTIME;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"deployment", "daemonset", "statefulset", "sidecar"})
    void lossAlertsFireForThePodThatLosesAndNothingFiresWhileHealthy(String mode) throws IOException {
        OtlpExporter exporter = exporter(EXPORTER, mode);
        List<Map<String, String>> targets = targets(exporter);
        List<Map<String, String>> otherExportersTargets = targets(exporter(OTHER_EXPORTER, mode));
        assertThat(targets).as("one target per pod running %s's runtime", EXPORTER).hasSize(2)
                .allSatisfy(target -> assertThat(target).containsEntry("namespace", NAMESPACE)
                        .containsEntry(ExporterSeries.EXPORTER_LABEL, EXPORTER).containsKey("pod"));
        Map<String, String> losing = targets.get(0);
        Map<String, String> healthy = targets.get(1);
        Map<String, Object> rules = rules(exporter);
        List<String> alertNames = alertNames(rules);

        List<String> healthySeries = new ArrayList<>();
        targets.forEach(target -> healthySeries.addAll(healthy(target)));

        List<String> lossSeries = new ArrayList<>(lossy(losing));
        lossSeries.addAll(healthy(healthy));
        otherExportersTargets.forEach(target -> lossSeries.addAll(lossy(target)));

        List<String> downSeries = new ArrayList<>(List.of(series("up", losing, Map.of(), "1x5 0x25"),
                series("up", healthy, Map.of(), "1x30")));
        List<String> credentialSeries = new ArrayList<>(healthy(healthy));
        credentialSeries.add(series("up", losing, Map.of(), "1x30"));
        credentialSeries.add(series("otlp_config_reload_failing", losing, Map.of(), "0x4 1x10 0x15"));
        List<String> goneSeries = targets.stream().map(target -> series("up", target, Map.of(), "1x10")).toList();

        Map<String, Map<String, String>> lossAlerts = new LinkedHashMap<>();
        lossAlerts.put("OtlpExporterDataDropped", grouped(losing, "critical", Map.of("signal", "traces", "reason", "rejected")));
        lossAlerts.put("OtlpExporterExportFailures", grouped(losing, "warning", Map.of("signal", "traces", "reason", "unavailable")));
        lossAlerts.put("OtlpExporterUpstreamBlocked", grouped(losing, "critical", Map.of("reason", "unauthenticated")));
        lossAlerts.put("OtlpExporterFailedOver", grouped(losing, "warning", Map.of("upstream", "failover-1")));
        lossAlerts.put("OtlpExporterCredentialReloadFailed", grouped(losing, "warning", Map.of()));
        lossAlerts.put("OtlpExporterQueueSaturated", withSeverity(losing, "warning"));
        lossAlerts.put("OtlpExporterHighLatency", grouped(losing, "warning", Map.of()));
        lossAlerts.put("OtlpExporterHighErrorRate", grouped(losing, "warning", Map.of()));
        lossAlerts.put("OtlpExporterLowThroughput", grouped(losing, "warning", Map.of()));
        lossAlerts.put("OtlpExporterHighCpu", withSeverity(losing, "warning"));
        lossAlerts.put("OtlpExporterHighMemory", withSeverity(losing, "warning"));
        assertThat(alertNames).as("every alert is tested").containsExactlyInAnyOrderElementsOf(concat(
                lossAlerts.keySet(), List.of("OtlpExporterDown", "OtlpExporterMetricsAbsent")));

        List<Map<String, Object>> groups = new ArrayList<>();
        groups.add(group("healthy", healthySeries, alertNames.stream().map(name -> expect(EVAL_TIME, name)).toList()));
        List<Map<String, Object>> onLoss = new ArrayList<>();
        lossAlerts.forEach((name, labels) -> onLoss.add(expect(EVAL_TIME, name, labels)));
        onLoss.add(expect(EVAL_TIME, "OtlpExporterDown"));
        onLoss.add(expect(EVAL_TIME, "OtlpExporterMetricsAbsent"));
        groups.add(group("one pod loses data", lossSeries, onLoss));
        groups.add(group("one runtime stops answering", downSeries, List.of(
                expect(EVAL_TIME, "OtlpExporterDown", withSeverity(losing, "critical")),
                expect(EVAL_TIME, "OtlpExporterMetricsAbsent"))));
        groups.add(group("a changed Secret does not load for 11 minutes, then is fixed", credentialSeries, List.of(
                expect("8m", "OtlpExporterCredentialReloadFailed"),
                expect("12m", "OtlpExporterCredentialReloadFailed", grouped(losing, "warning", Map.of())),
                expect("20m", "OtlpExporterCredentialReloadFailed"))));
        groups.add(group("every pod gone", goneSeries, List.of(
                expect("10m", "OtlpExporterMetricsAbsent"),
                expect(EVAL_TIME, "OtlpExporterMetricsAbsent", Map.of("severity", "critical", "namespace", NAMESPACE,
                        ExporterSeries.EXPORTER_LABEL, EXPORTER)),
                expect(EVAL_TIME, "OtlpExporterDown"))));

        Path full = write("rules.yaml", rules);
        Promtool.checkRules(full);
        write("rules-without-annotations.yaml", withoutAnnotations(rules));
        Map<String, Object> tests = new LinkedHashMap<>();
        tests.put("rule_files", List.of("rules-without-annotations.yaml"));
        tests.put("evaluation_interval", "1m");
        tests.put("tests", groups);
        Promtool.testRules(write("tests.yaml", tests));
    }

    private static OtlpExporter exporter(String name, String mode) {
        String monitor = mode.equals("sidecar") ? "podMonitor" : "serviceMonitor";
        OtlpExporter exporter = Exporters.fromYaml("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: %s, namespace: %s}
                spec:
                  mode: %s
                  upstream: {endpoint: "http://collector.observability.svc:4317"}
                  resources: {limits: {cpu: "2", memory: 512Mi}}
                  monitoring:
                    %s: {enabled: true}
                    alerts: {enabled: true, p99LatencyThreshold: 250ms, errorRateThreshold: 0.05, minThroughput: 1000,
                             queueUtilizationThreshold: 0.75}
                """.formatted(name, NAMESPACE, mode, monitor));
        assertThat(SpecValidation.problems(exporter)).as("the %s exporter is valid", mode).isEmpty();
        return exporter;
    }

    /** The scrape targets of the exporter's runtimes, as its monitor makes Prometheus label them. */
    private static List<Map<String, String>> targets(OtlpExporter exporter) {
        String name = exporter.getMetadata().getName();
        if (WorkloadKind.of(exporter).ownPods()) {
            Map<String, String> pods = new LinkedHashMap<>();
            String container = RuntimeContainer.Placement.OWN_PODS.containerName();
            switch (WorkloadKind.of(exporter)) {
                case STATEFUL_SET -> List.of(name + "-0", name + "-1").forEach(pod -> pods.put(pod, container));
                case DAEMON_SET -> List.of(name + "-f7k2p", name + "-9xq4d").forEach(pod -> pods.put(pod, container));
                default -> List.of(name + "-6d5f7c9b8-x2x4z", name + "-6d5f7c9b8-k8l9m").forEach(pod -> pods.put(pod, container));
            }
            return PrometheusScrape.serviceMonitorTargets(ServiceMonitors.forExporter(name, NAMESPACE, null,
                    Labels.common(name)), Services.desired(resolved(exporter)), pods);
        }
        return PrometheusScrape.podMonitorTargets(
                PodMonitors.forExporter(name, NAMESPACE, INJECTED_RUNTIME, null, Labels.common(name)),
                List.of(injectedPod(exporter, "shop-7d9f8c6b5-abcde", "10.2.0.11"),
                        injectedPod(exporter, "shop-7d9f8c6b5-fghij", "10.2.0.12")));
    }

    /** An application pod the exporter was injected into; the application serves its own port named metrics. */
    private static Pod injectedPod(OtlpExporter exporter, String name, String ip) {
        String prefix = exporter.getMetadata().getName() + "-";
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(prefix + name).withNamespace(NAMESPACE)
                .addToLabels("app", "shop").addToLabels(Labels.SIDECAR_OF, exporter.getMetadata().getName()).endMetadata()
                .withNewSpec().addNewContainer().withName("shop").withImage("shop:1.4")
                .addNewPort().withName("metrics").withContainerPort(9090).endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).endStatus()
                .build();
        pod.getSpec().getInitContainers().add(
                Sidecars.of(resolved(exporter), Sidecars.Kind.NATIVE).container());
        return pod;
    }

    private static ResolvedExporter resolved(OtlpExporter exporter) {
        return ResolvedExporter.of(exporter, ExporterConfig.of(exporter), IMAGE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rules(OtlpExporter exporter) {
        GenericKubernetesResource rule = PrometheusRules.forExporter(exporter.getMetadata().getName(), NAMESPACE,
                WorkloadKind.of(exporter), resolved(exporter).monitoring().alerts().orElseThrow(),
                Labels.common(exporter.getMetadata().getName()));
        String yaml = Serialization.asYaml(rule);
        return (Map<String, Object>) Serialization.unmarshal(yaml, GenericKubernetesResource.class)
                .getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertNames(Map<String, Object> rules) {
        return ((List<Map<String, Object>>) rules.get("groups")).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(rule -> (String) rule.get("alert")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutAnnotations(Map<String, Object> rules) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            Map<String, Object> copy = new LinkedHashMap<>(group);
            copy.put("rules", ((List<Map<String, Object>>) group.get("rules")).stream().map(rule -> {
                Map<String, Object> bare = new LinkedHashMap<>(rule);
                bare.remove("annotations");
                return bare;
            }).toList());
            groups.add(copy);
        }
        return Map.of("groups", groups);
    }

    /** A runtime that receives 2,000 items/s, answers fast, loses nothing, exports to its primary upstream and stays far below its limits. */
    private static List<String> healthy(Map<String, String> target) {
        List<String> series = runtimeSeries(target, "0x30", "0x30", "0x30", "10x30", List.of("0+60x30", "0+60x30", "0+60x30", "0+60x30"),
                "0x30", "0+120000x30", "0+6x30", "100000000x30");
        series.addAll(upstreams(target, "1x30", "0x30"));
        series.add(series("otlp_config_reload_failing", target, Map.of(), "0x30"));
        return series;
    }

    /**
     * A runtime that drops, fails, is refused upstream, has failed over to its secondary upstream, could not load its
     * changed credentials, fills its queue, answers slowly and erroneously, near its limits.
     */
    private static List<String> lossy(Map<String, String> target) {
        List<String> series = runtimeSeries(target, "0+600x30", "0+30x30", "1x30", "950x30", List.of("0x30", "0x30", "0+60x30", "0+60x30"),
                "0+30x30", "0+60x30", "0+114x30", "520000000x30");
        series.addAll(upstreams(target, "0x30", "1x30"));
        series.add(series("otlp_config_reload_failing", target, Map.of(), "1x30"));
        return series;
    }

    /** {@code otlp_upstream_active} of the primary upstream and of the first failover upstream. */
    private static List<String> upstreams(Map<String, String> target, String primary, String failover) {
        return List.of(series("otlp_upstream_active", target, Map.of("upstream", "primary"), primary),
                series("otlp_upstream_active", target, Map.of("upstream", "failover-1"), failover));
    }

    private static List<String> runtimeSeries(Map<String, String> target, String dropped, String failures, String blocked,
                                              String queued, List<String> latencyBuckets, String errors, String received,
                                              String cpuSeconds, String residentBytes) {
        List<String> series = new ArrayList<>();
        series.add(series("up", target, Map.of(), "1x30"));
        series.add(series("otlp_dropped_items_total", target, Map.of("signal", "traces", "reason", "rejected"), dropped));
        series.add(series("otlp_export_failures_total", target, Map.of("signal", "traces", "reason", "unavailable"), failures));
        series.add(series("otlp_export_blocked", target, Map.of("reason", "unauthenticated"), blocked));
        series.add(series("otlp_queue_size", target, Map.of(), queued));
        series.add(series("otlp_queue_capacity", target, Map.of(), "1000x30"));
        series.add(series("otlp_queue_size_bytes", target, Map.of(), "1000x30"));
        series.add(series("otlp_queue_capacity_bytes", target, Map.of(), "1000000x30"));
        List<String> bounds = List.of("0.01", "0.1", "1", "+Inf");
        for (int i = 0; i < bounds.size(); i++) {
            series.add(series("otlp_request_duration_seconds_bucket", target, Map.of("signal", "traces", "le", bounds.get(i)),
                    latencyBuckets.get(i)));
        }
        series.add(series("otlp_requests_total", target, Map.of("signal", "traces", "transport", "grpc", "outcome", "ok"),
                "0+60x30"));
        series.add(series("otlp_errors_total", target, Map.of("type", "upstream"), errors));
        series.add(series("otlp_received_items_total", target, Map.of("signal", "traces"), received));
        series.add(series("process_cpu_seconds_total", target, Map.of(), cpuSeconds));
        series.add(series("process_resident_memory_bytes", target, Map.of(), residentBytes));
        return series;
    }

    /** A promtool input series: the runtime's own labels on the target's. */
    private static String series(String metric, Map<String, String> target, Map<String, String> own, String values) {
        Map<String, String> labels = new TreeMap<>(target);
        labels.putAll(own);
        String selector = labels.entrySet().stream().map(label -> label.getKey() + "=\"" + label.getValue() + "\"")
                .collect(Collectors.joining(","));
        return metric + "{" + selector + "}\u0000" + values;
    }

    /** The labels of an alert that aggregates by namespace, exporter and pod (and {@code extra}'s labels). */
    private static Map<String, String> grouped(Map<String, String> target, String severity, Map<String, String> extra) {
        Map<String, String> labels = new TreeMap<>(extra);
        labels.put("namespace", target.get("namespace"));
        labels.put(ExporterSeries.EXPORTER_LABEL, target.get(ExporterSeries.EXPORTER_LABEL));
        labels.put("pod", target.get("pod"));
        labels.put("severity", severity);
        return labels;
    }

    /** The labels of an alert that keeps every label of the target's series. */
    private static Map<String, String> withSeverity(Map<String, String> target, String severity) {
        Map<String, String> labels = new TreeMap<>(target);
        labels.put("severity", severity);
        return labels;
    }

    private static Map<String, Object> group(String name, List<String> series, List<Map<String, Object>> expectations) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        group.put("interval", "1m");
        group.put("input_series", series.stream().map(line -> {
            String[] parts = line.split("\u0000");
            return Map.of("series", parts[0], "values", parts[1]);
        }).toList());
        group.put("alert_rule_test", expectations);
        return group;
    }

    /** At {@code evalTime}, alert {@code name} fires once per labels given, or not at all when none are. */
    @SafeVarargs
    private static Map<String, Object> expect(String evalTime, String name, Map<String, String>... firing) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("eval_time", evalTime);
        test.put("alertname", name);
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, String> labels : firing) {
            alerts.add(Map.of("exp_labels", labels));
        }
        test.put("exp_alerts", alerts);
        return test;
    }

    private static List<String> concat(java.util.Collection<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private Path write(String file, Map<String, Object> content) throws IOException {
        Path path = dir.resolve(file);
        Files.writeString(path, Serialization.asYaml(content));
        return path;
    }
}
