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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * from the operator running against the embedded API server after it reconciled one exporter and
 * failed to reconcile another. The alerts are run by the real {@code promtool}.
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
        awaitUntil("a reconcile succeeded and one failed", () -> {
            page = scrape();
            return page.contains("operator_sdk_reconciliations_success_total")
                    && page.contains("operator_sdk_reconciliations_failed_total");
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
     * The series names a PromQL expression reads: its identifiers, without label matchers, grouping
     * labels, function names, keywords and {@code up}.
     */
    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
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
