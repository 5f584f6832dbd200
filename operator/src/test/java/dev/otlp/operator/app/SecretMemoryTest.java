package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.cluster.testing.JavaChildProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.cluster.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's memory is bounded by what it manages, not by the cluster: with the JVM flags its
 * manifest ships and unrelated Secrets of 1 MiB in the cluster, twice its heap in all, it starts,
 * reconciles an exporter, and follows a change of the Secret that exporter references (here, one
 * that loses the referenced key). The API server runs in this JVM and holds every Secret, several
 * times over while it streams them to the operator's watch: twice the operator's heap proves the
 * point without crowding the tests that share this JVM.
 */
class SecretMemoryTest {

    private static final int SECRET_BYTES = 1 << 20;
    private static final Pattern MAX_HEAP = Pattern.compile("-Xmx(\\d+)m");
    private static final Path OPERATOR_MANIFEST = Path.of("..", "config", "manager", "operator.yaml");

    @TempDir
    Path tmp;

    @Test
    void startsAndReconcilesBesideUnrelatedSecretsOfTwiceItsHeapWithTheShippedHeap() throws Exception {
        List<String> jvmOptions = shippedJvmOptions();
        int unrelatedSecrets = 2 * maxHeapMebibytes(jvmOptions);
        try (EmbeddedApiServer apiServer = EmbeddedApiServer.start(0)) {
            apiServer.installCrdFromClasspath(OtlpExporter.GENERATED_CRD);
            KubernetesClient client = apiServer.client();
            String payload = Base64.getEncoder().encodeToString(randomBytes());
            for (int i = 0; i < unrelatedSecrets; i++) {
                client.secrets().inNamespace("unrelated").resource(new SecretBuilder()
                        .withNewMetadata().withName("blob-" + i).endMetadata()
                        .withData(Map.of("blob", payload)).build()).create();
            }
            client.secrets().inNamespace("default").resource(apiKey("first-key")).create();
            OtlpExporter gateway = Serialization.unmarshal("""
                    apiVersion: otlp.dev/v1alpha1
                    kind: OtlpExporter
                    metadata:
                      name: gateway
                      namespace: default
                    spec:
                      upstream:
                        endpoint: http://collector.observability.svc:4317
                        auth:
                          type: apiKey
                          apiKey:
                            secretRef: {name: collector-api-key, key: api-key}
                    """, OtlpExporter.class);
            client.resource(gateway).create();

            try (JavaChildProcess operator = JavaChildProcess.start(OperatorMain.class, tmp.resolve("operator.out"), jvmOptions,
                    Map.of("KUBECONFIG", apiServer.writeKubeconfig(tmp.resolve("kubeconfig")).toString()),
                    "--no-leader-election", "--health-port", "0", "--metrics-port", "0")) {
                awaitUntil("the operator reconciles the exporter", () -> configHash(client) != null
                        && client.apps().deployments().inNamespace("default").withName("gateway").get() != null);

                client.secrets().inNamespace("default").resource(new SecretBuilder(apiKey("unused"))
                        .withData(Map.of("token", "c2Vjb25k")).build()).update();

                awaitUntil("the status says the referenced Secret lost its key", () -> readyReason(client).equals("SecretNotFound"));
                Deployment deployment = client.apps().deployments().inNamespace("default").withName("gateway").get();
                assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsValue(configHash(client));
                assertThat(operator.isAlive()).isTrue();
                assertThat(operator.output()).doesNotContain("OutOfMemoryError");
            }
        }
    }

    /** The JVM options of the operator's Deployment in {@code config/}, as it runs in a cluster. */
    private static List<String> shippedJvmOptions() throws Exception {
        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(OPERATOR_MANIFEST.toFile());
        for (JsonNode env : manifest.at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                return List.of(env.path("value").asText().split(" "));
            }
        }
        throw new AssertionError("the operator's manifest sets no JAVA_TOOL_OPTIONS");
    }

    private static int maxHeapMebibytes(List<String> jvmOptions) {
        return jvmOptions.stream().map(MAX_HEAP::matcher).filter(Matcher::matches)
                .mapToInt(matcher -> Integer.parseInt(matcher.group(1))).findFirst()
                .orElseThrow(() -> new AssertionError("the operator's manifest sets no -Xmx<N>m: " + jvmOptions));
    }

    private static String configHash(KubernetesClient client) {
        OtlpExporter exporter = client.resources(OtlpExporter.class).inNamespace("default").withName("gateway").get();
        return exporter.getStatus() == null ? null : exporter.getStatus().getConfigHash();
    }

    private static String readyReason(KubernetesClient client) {
        OtlpExporter exporter = client.resources(OtlpExporter.class).inNamespace("default").withName("gateway").get();
        return exporter.getStatus() == null ? "" : exporter.getStatus().getConditions().stream()
                .filter(condition -> condition.getType().equals("Ready")).map(Condition::getReason).findFirst().orElse("");
    }

    private static Secret apiKey(String key) {
        return new SecretBuilder().withNewMetadata().withName("collector-api-key").withNamespace("default").endMetadata()
                .withData(Map.of("api-key", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))).build();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[SECRET_BYTES];
        new Random(1).nextBytes(bytes);
        return bytes;
    }
}
