package dev.otlp.demo;

import dev.otlp.cluster.testing.JavaChildProcess;
import dev.otlp.cluster.testing.Kubectl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo as a user runs it, in its own process: what it prints, what
 * {@code kubectl} sees and changes through the kubeconfig it writes, its endpoints, its logs and
 * its shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDemoTest {

    private static final Path SAMPLES = Path.of("..", "samples");
    private static final List<String> SAMPLE_NAMES = List.of("balanced", "high-throughput", "low-latency", "monitored",
            "secure");
    private static final Pattern KUBECONFIG = Pattern.compile("kubeconfig: (\\S+)");
    private static final Pattern HEALTH_PORT = Pattern.compile("http://localhost:(\\d+)/healthz");
    private static final Pattern METRICS_PORT = Pattern.compile("http://localhost:(\\d+)/metrics");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static JavaChildProcess operator;
    private static Path kubeconfig;
    private static String printed;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startEmbeddedOperator() throws InterruptedException {
        operator = JavaChildProcess.start(DemoMain.class, tmp.resolve("operator.out"), Map.of(),
                "--samples", SAMPLES.toString(), "--health-port", "0", "--metrics-port", "0");
        kubeconfig = Path.of(operator.awaitOutput(KUBECONFIG));
        operator.awaitOutput(Pattern.compile("Serving until interrupted"));
        printed = operator.output();
    }

    @AfterAll
    static void stopEmbeddedOperator() {
        operator.close();
    }

    @Test
    @Order(1)
    void printsEverySampleReadyWithItsGeneratedObjectsAndKubectlLines() {
        assertThat(printed).contains("Every OtlpExporter is Ready:");
        for (String name : SAMPLE_NAMES) {
            assertThat(printed).contains("OtlpExporter default/" + name + "\n", "Deployment/" + name,
                    "ConfigMap/" + name + "-config");
        }
        assertThat(printed).containsPattern("Ready +True +PodsReady +2 of 2 pods of config \\w+ ready")
                .contains("Secret/secure-receiver-tls", "ConfigMap/secure-receiver-ca", "ServiceMonitor/monitored",
                        "PrometheusRule/monitored-alerts")
                .contains("OtlpExporter default/sidecar\n", "sidecar injected into 0 pods, endpoint localhost:4317")
                .containsPattern("Ready +True +SidecarConfigured +config \\w+ is in place")
                .contains("kubectl --kubeconfig " + kubeconfig + " get otlpx")
                .contains("kubectl --kubeconfig " + kubeconfig + " apply --validate=false -f "
                        + SAMPLES.resolve("balanced.yaml"));
        assertThat(kubeconfig).exists();
    }

    @Test
    @Order(2)
    void kubectlListsTheSamplesAndAnExporterItAppliesIsReconciledToReady() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH: the kubectl checks are skipped");
        Kubectl kubectl = new Kubectl(kubeconfig, tmp.resolve("kube-cache"));

        assertThat(kubectl.output("get", "otlpx", "-A")).contains(SAMPLE_NAMES);

        Path added = Files.writeString(tmp.resolve("added.yaml"), """
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: added
                  namespace: team-a
                spec:
                  profile: low-latency
                  replicas: 3
                  upstream:
                    endpoint: http://collector.observability.svc:4317
                """);
        assertThat(kubectl.output("apply", "--validate=false", "-f", added.toString()))
                .contains("otlpexporter.otlp.dev/added created");

        await("the added exporter is Ready").atMost(Duration.ofSeconds(60)).until(() -> readyStatus(kubectl, "team-a", "added").equals("True"));
        JsonNode deployment = JSON.readTree(kubectl.output("-n", "team-a", "get", "deployment", "added", "-o", "json"));
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode status = JSON.readTree(kubectl.output("-n", "team-a", "get", "otlpx", "added", "-o", "json")).get("status");
        assertThat(status.get("readyReplicas").asInt()).isEqualTo(3);
        assertThat(status.get("profile").asText()).isEqualTo("low-latency");
    }

    @Test
    @Order(3)
    void daemonSetAndStatefulSetExportersBecomeReadyAsTheirControllersReportThemReady() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH: the kubectl checks are skipped");
        Kubectl kubectl = new Kubectl(kubeconfig, tmp.resolve("kube-cache"));
        Path workloads = Files.writeString(tmp.resolve("workloads.yaml"), """
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: node-agent
                  namespace: team-b
                spec:
                  mode: daemonset
                  upstream:
                    endpoint: http://collector.observability.svc:4317
                ---
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: queue-keeper
                  namespace: team-b
                spec:
                  mode: statefulset
                  replicas: 2
                  upstream:
                    endpoint: http://collector.observability.svc:4317
                """);
        kubectl.output("apply", "--validate=false", "-f", workloads.toString());

        await("both exporters are Ready").atMost(Duration.ofSeconds(60)).until(() ->
                readyStatus(kubectl, "team-b", "node-agent").equals("True")
                        && readyStatus(kubectl, "team-b", "queue-keeper").equals("True"));
        JsonNode daemonSet = JSON.readTree(kubectl.output("-n", "team-b", "get", "daemonset", "node-agent", "-o", "json"));
        assertThat(daemonSet.at("/status/numberReady").asInt()).isEqualTo(1);
        assertThat(daemonSet.at("/status/observedGeneration").asLong())
                .isEqualTo(daemonSet.at("/metadata/generation").asLong());
        JsonNode statefulSet = JSON.readTree(kubectl.output("-n", "team-b", "get", "statefulset", "queue-keeper", "-o",
                "json"));
        assertThat(statefulSet.at("/status/readyReplicas").asInt()).isEqualTo(2);
        assertThat(statefulSet.at("/status/currentRevision").asText())
                .isEqualTo(statefulSet.at("/status/updateRevision").asText()).isNotEmpty();
        assertThat(kubectl.output("-n", "team-b", "rollout", "status", "daemonset/node-agent", "--timeout=5s"))
                .contains("successfully rolled out");
        assertThat(kubectl.output("-n", "team-b", "rollout", "status", "statefulset/queue-keeper", "--timeout=5s"))
                .contains("roll");
    }

    @Test
    @Order(4)
    void aPodAnnotatedForInjectionAndAppliedWithKubectlGetsItsSidecarThroughTheApiServer() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH: the kubectl checks are skipped");
        Kubectl kubectl = new Kubectl(kubeconfig, tmp.resolve("kube-cache"));
        Path pod = Files.writeString(tmp.resolve("shop.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: shop
                  namespace: default
                  annotations: {otlp.dev/inject: sidecar}
                spec:
                  automountServiceAccountToken: false
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: shop
                      image: registry.example.com/shop:1.0
                      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
                                        capabilities: {drop: [ALL]}}
                """);

        assertThat(kubectl.output("apply", "--validate=false", "-f", pod.toString())).contains("pod/shop created");

        JsonNode stored = JSON.readTree(kubectl.output("get", "pod", "shop", "-o", "json"));
        assertThat(stored.at("/spec/containers/0/name").asText()).isEqualTo("shop");
        assertThat(stored.at("/spec/initContainers/0/name").asText())
                .as("the embedded API server is 1.32: the runtime is a native sidecar").isEqualTo("otlp-exporter");
        assertThat(stored.at("/spec/initContainers/0/restartPolicy").asText()).isEqualTo("Always");
        assertThat(stored.at("/spec/volumes").findValuesAsText("name")).contains("otlp-exporter-config");
        assertThat(stored.at("/metadata/labels/otlp.dev~1sidecar-of").asText()).isEqualTo("sidecar");
        assertThat(stored.at("/metadata/annotations/otlp.dev~1sidecar-kind").asText()).isEqualTo("native");
        assertThat(kubectl.output("get", "pod", "shop", "-o", "yaml")).contains("name: otlp-exporter");
    }

    @Test
    @Order(5)
    void anInvalidExporterIsRefusedAtKubectlApplyWithTheWebhooksMessage() throws Exception {
        assumeTrue(Kubectl.isOnPath(), "kubectl is not on PATH: the kubectl checks are skipped");
        Kubectl kubectl = new Kubectl(kubeconfig, tmp.resolve("kube-cache"));
        Path invalid = Files.writeString(tmp.resolve("invalid.yaml"), """
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: invalid
                  namespace: default
                spec:
                  profile: turbo
                  upstream:
                    endpoint: http://collector.observability.svc:4317
                """);

        Kubectl.Result applied = kubectl.run("apply", "--validate=false", "-f", invalid.toString());

        assertThat(applied.exitCode()).isNotZero();
        assertThat(applied.output()).contains("The request is invalid: error when creating",
                "admission webhook \"otlpexporters.otlp.dev\" denied the request:", "turbo");
        assertThat(kubectl.run("get", "otlpx", "invalid").output()).contains("NotFound");
    }

    @Test
    @Order(6)
    void servesHealthReadinessAndPrometheusMetricsWithTheOperatorsOwn() throws Exception {
        String health = "http://localhost:" + operator.awaitOutput(HEALTH_PORT);
        String metrics = "http://localhost:" + operator.awaitOutput(METRICS_PORT);

        assertThat(get(health + "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(health + "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = get(metrics + "/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("operator_sdk_reconciliations_started_total{")
                .contains("operator_sdk_controllers_execution_reconcile_success_total{")
                .contains("jvm_memory_used_bytes{", "process_cpu_usage", "process_uptime_seconds");
    }

    @Test
    @Order(7)
    void logsJsonLines() throws Exception {
        List<JsonNode> logLines = operator.output().lines()
                .filter(line -> line.startsWith("{"))
                .map(EmbeddedDemoTest::json)
                .toList();

        assertThat(logLines).isNotEmpty().allSatisfy(line ->
                assertThat(line.has("timestamp") && line.has("level") && line.has("logger") && line.has("message")).isTrue());
        assertThat(logLines).anySatisfy(line ->
                assertThat(line.get("message").asText()).startsWith("embedded API server listening at http://127.0.0.1:"));
    }

    @Test
    @Order(8)
    void stopsCleanlyOnSigtermAndRemovesItsKubeconfig() throws Exception {
        assertThat(operator.terminate()).isZero();
        assertThat(operator.output()).contains("\"message\":\"stopped\"");
        assertThat(kubeconfig).doesNotExist();
    }

    private static String readyStatus(Kubectl kubectl, String namespace, String name) {
        try {
            JsonNode conditions = JSON.readTree(kubectl.output("-n", namespace, "get", "otlpx", name, "-o", "json"))
                    .at("/status/conditions");
            return StreamSupport.stream(conditions.spliterator(), false)
                    .filter(condition -> condition.get("type").asText().equals("Ready"))
                    .map(condition -> condition.get("status").asText())
                    .findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
