package dev.otlp.operator.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import dev.otlp.operator.app.OperatorProcess;
import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's own monitoring in the chart (its PrometheusRule and the Operator row of the
 * dashboard), checked against what the operator really exports: its {@code /metrics} page, scraped
 * from the operator running against the embedded API server after it reconciled one exporter, failed
 * to reconcile another and found data left on the claim of a third's scaled-down replica. The alerts
 * are run by the real {@code promtool}.
 */
class OperatorMonitoringTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String NAMESPACE = OperatorTestEnvironment.uniqueNamespace();
    private static final String RELEASE_NAMESPACE = "otlp-fleet-system";
    private static final Path CHART = Path.of("..", "helm", "otlp-fleet-operator");
    private static final Path DASHBOARD = CHART.resolve("files/dashboards/otlp-fleet.json");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "up");
    private static final String RETAINED_QUEUE_BYTES = "otlp_fleet_operator_retained_queue_bytes";
    /** The labels Prometheus gives what it scrapes through the chart's ServiceMonitor, for release otlp-fleet. */
    private static final String OPERATOR_TARGET = "job=\"otlp-fleet-otlp-fleet-operator-metrics\", namespace=\"" + RELEASE_NAMESPACE + "\"";
    /** Replica 1 of a one-replica StatefulSet exporter, stopped with data left, as the kubelet reports it. */
    private static final String SCALED_DOWN_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "retaining-1", "labels": {"app.kubernetes.io/instance": "retaining",
               "app.kubernetes.io/managed-by": "otlp-fleet-operator", "app.kubernetes.io/name": "otlp-exporter"}},
             "spec": {"containers": [{"name": "exporter", "image": "registry.example/otlp-exporter-runtime:0.1.0"}]},
             "status": {"phase": "Running", "containerStatuses": [{"name": "exporter", "ready": false, "restartCount": 0,
               "image": "registry.example/otlp-exporter-runtime:0.1.0", "imageID": "", "lastState": {},
               "state": {"terminated": {"exitCode": 0, "reason": "Completed", "finishedAt": "2026-12-07T17:40:09Z",
                 "message": "queue retained: 73400320 bytes, 163000 items in /var/lib/otlp-exporter/queue\\n"}}}]}}
            """;

    private static OperatorProcess operator;
    private static String page;

    @BeforeAll
    static void scrapeTheOperator() throws Exception {
        KubernetesClient client = env.client();
        client.apps().deployments().inNamespace(NAMESPACE).resource(foreignDeployment("clash")).create();
        operator = OperatorProcess.start(env.apiServer().newClient(OperatorTestEnvironment.OPERATOR_USER_AGENT),
                new OperatorSettings(OperatorSettings.DEFAULT_RUNTIME_IMAGE, Set.of(NAMESPACE), null, Duration.ofMinutes(10)),
                0, 0);
        client.resource(Exporters.minimal(NAMESPACE, "gateway")).create();
        client.resource(Exporters.minimal(NAMESPACE, "clash")).create();
        client.resource(Exporters.fromYaml("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: retaining, namespace: %s}
                spec:
                  replicas: 1
                  upstream: {endpoint: "http://collector.observability.svc:4317"}
                  queue: {persistence: {type: persistentVolumeClaim, size: 2Gi}}
                """.formatted(NAMESPACE))).create();
        Pod stopped = Serialization.unmarshal(SCALED_DOWN_POD, Pod.class);
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder(stopped).withStatus(null).build()).create();
        client.pods().inNamespace(NAMESPACE).withName("retaining-1")
                .editStatus(created -> new PodBuilder(created).withStatus(stopped.getStatus()).build());
        awaitUntil("a reconcile succeeded and one failed, and a retained queue is exported", () -> {
            page = scrape();
            return page.contains("operator_sdk_reconciliations_success_total")
                    && page.contains("operator_sdk_reconciliations_failed_total")
                    && page.contains(RETAINED_QUEUE_BYTES + "{");
        });
    }

    @AfterAll
    static void stopTheOperator() {
        operator.close();
    }

    @TempDir
    Path dir;

    @Test
    void theAlertsAndTheDashboardsOperatorRowReadOnlySeriesTheOperatorExports() throws IOException {
        Set<String> exported = page.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        List<String> exprs = new ArrayList<>(operatorRow(YAML.readTree(DASHBOARD.toFile())));
        renderedRules().findValues("expr").forEach(expr -> exprs.add(expr.asText()));

        assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
        Set<String> read = exprs.stream().flatMap(expr -> metricNames(expr).stream()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(read).as("every series the alerts and the dashboard read, but up (Prometheus's own, per target)")
                .contains("operator_sdk_reconciliations_failed_total", "otlp_fleet_operator_reconciles_stalled_seconds",
                        "operator_sdk_controllers_execution_reconcile_seconds_bucket", "jvm_gc_live_data_size_bytes")
                .allSatisfy(name -> assertThat(exported).as("the names on the operator's /metrics").contains(name));
    }

    @Test
    void theAlertsPassPromtool() throws IOException {
        Path rules = dir.resolve("operator-rules.yaml");
        YAML.writeValue(rules.toFile(), renderedRules());
        try (InputStream tests = getClass().getResourceAsStream("/monitoring/operator-alerts-test.yaml")) {
            Files.copy(tests, dir.resolve("operator-alerts-test.yaml"));
        }

        Promtool.checkRules(rules);
        Promtool.testRules(dir.resolve("operator-alerts-test.yaml"));
    }

    /**
     * OtlpExporterQueueRetainedOnClaim, on the series exactly as the operator exported it (its labels and value taken
     * from the scraped page) with the labels of its scrape added: two operator replicas report the same claim, and
     * another job a larger value, which the alert must not read.
     */
    @Test
    void theRetainedQueueAlertNamesTheClaimAndItsBytesFromTheSeriesTheOperatorExports() throws IOException {
        List<String> lines = page.lines().filter(line -> line.startsWith(RETAINED_QUEUE_BYTES + "{")).toList();
        assertThat(lines).singleElement().asString().contains("exporter=\"retaining\"", "claim=\"queue-retaining-1\"",
                "exporter_namespace=\"" + NAMESPACE + "\"");
        String line = lines.get(0);
        String labels = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
        long bytes = (long) Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim());
        assertThat(bytes).isEqualTo(73_400_320L);
        String series = RETAINED_QUEUE_BYTES + "{" + labels + ", ";
        Map<String, Object> retained = Map.of(
                "name", "retained queue: alerts after 15 minutes, once for both operator replicas, until the series goes",
                "interval", "1m",
                "input_series", List.of(
                        Map.of("series", series + OPERATOR_TARGET + ", pod=\"otlp-fleet-operator-0\"}", "values", bytes + "x20"),
                        Map.of("series", series + OPERATOR_TARGET + ", pod=\"otlp-fleet-operator-1\"}", "values", bytes + "x20"),
                        Map.of("series", series + "job=\"another-metrics\", namespace=\"" + RELEASE_NAMESPACE
                                + "\", pod=\"another-0\"}", "values", "999999999999x40")),
                "alert_rule_test", List.of(
                        Map.of("eval_time", "10m", "alertname", "OtlpExporterQueueRetainedOnClaim", "exp_alerts", List.of()),
                        Map.of("eval_time", "20m", "alertname", "OtlpExporterQueueRetainedOnClaim", "exp_alerts", List.of(Map.of(
                                "exp_labels", Map.of("severity", "warning", "namespace", NAMESPACE, "exporter", "retaining",
                                        "claim", "queue-retaining-1"),
                                "exp_annotations", Map.of(
                                        "summary", "Telemetry waits on the queue claim of a scaled-down exporter replica",
                                        "description", "73400320 bytes (70MiB) of acknowledged telemetry wait on"
                                                + " PersistentVolumeClaim " + NAMESPACE + "/queue-retaining-1: a replica of"
                                                + " OtlpExporter retaining was scaled down before its upstream took them."
                                                + " Nothing delivers them until pod retaining-1 runs again: scale the exporter"
                                                + " up to include ordinal 1 (kubectl -n " + NAMESPACE + " scale otlpx retaining"
                                                + " --replicas=<ordinal + 1>, or raise spec.autoscaling.minReplicas to it), keep the claim"
                                                + " until this alert resolves, and see kubectl -n " + NAMESPACE + " get otlpx"
                                                + " retaining -o jsonpath='{.status.retainedQueues}' for every such claim.")))),
                        Map.of("eval_time", "40m", "alertname", "OtlpExporterQueueRetainedOnClaim", "exp_alerts", List.of())));
        YAML.writeValue(dir.resolve("operator-rules.yaml").toFile(), renderedRules());
        Path tests = dir.resolve("retained-queue-test.yaml");
        YAML.writeValue(tests.toFile(), Map.of("rule_files", List.of("operator-rules.yaml"), "evaluation_interval", "1m",
                "tests", List.of(retained)));

        Promtool.testRules(tests);
    }

    /** The {@code spec} (rule groups) of the PrometheusRule the chart renders for release otlp-fleet. */
    private JsonNode renderedRules() throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"),
                "metrics: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}}\n");
        String render = new Helm(CHART).template().withName("otlp-fleet").withNamespace(RELEASE_NAMESPACE)
                .withValuesFile(values).call();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(render)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && "PrometheusRule".equals(document.path("kind").asText())) {
                    return document.path("spec");
                }
            }
        }
        throw new AssertionError("the chart rendered no PrometheusRule:\n" + render);
    }

    /** The queries of the panels after the dashboard's Operator row. */
    private static List<String> operatorRow(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        boolean inRow = false;
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                inRow = "Operator".equals(panel.path("title").asText());
            } else if (inRow) {
                panel.findValues("expr").forEach(expr -> exprs.add(expr.asText()));
            }
        }
        return exprs;
    }

    /**
     * The series names a PromQL expression reads: its identifiers, without strings, label matchers,
     * grouping labels, function names, keywords and {@code up}.
     */
    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\"[^\"]*\"", "").replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean function = stripped.substring(matcher.end()).stripLeading().startsWith("(");
            if (!function && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static String scrape() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + operator.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Deployment someone else made under the name the operator would give an exporter's: its create fails. */
    private static Deployment foreignDeployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
