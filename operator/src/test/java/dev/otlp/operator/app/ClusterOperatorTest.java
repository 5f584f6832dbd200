package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.cluster.testing.JavaChildProcess;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OperatorMain}, in its own process, on the cluster its kubeconfig
 * names, elected leader through a Lease.
 */
class ClusterOperatorTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    @TempDir
    Path tmp;

    @Test
    void reconcilesOnlyTheWatchedNamespacesWithTheConfiguredImageAndTurnsReady() throws Exception {
        Path kubeconfig = env.apiServer().writeKubeconfig(tmp.resolve("kubeconfig"));
        KubernetesClient client = env.client();
        client.resource(exporter("team-a")).create();
        client.resource(exporter("team-b")).create();

        try (JavaChildProcess operator = JavaChildProcess.start(OperatorMain.class, tmp.resolve("operator.out"),
                Map.of("KUBECONFIG", kubeconfig.toString(), "RUNTIME_IMAGE", "registry.example/runtime:1"),
                "--namespaces", "team-a", "--leader-election-namespace", "otlp-fleet-system",
                "--health-port", "0", "--metrics-port", "0")) {
            String healthPort = operator.awaitOutput(Pattern.compile("/healthz and /readyz on port (\\d+)"));

            awaitUntil("the Deployment in team-a exists", () -> deployment("team-a") != null);
            assertThat(deployment("team-a").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.example/runtime:1");
            assertThat(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + healthPort + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(deployment("team-b")).as("an exporter outside the watched namespaces").isNull();
            assertThat(client.leases().inNamespace("otlp-fleet-system").withName("otlp-fleet-operator").get())
                    .as("the leader-election Lease").isNotNull();

            assertThat(operator.terminate()).isZero();
        }
    }

    private static Deployment deployment(String namespace) {
        return env.client().apps().deployments().inNamespace(namespace).withName("gateway").get();
    }

    private static OtlpExporter exporter(String namespace) {
        OtlpExporter exporter = Serialization.unmarshal("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: gateway
                spec:
                  upstream:
                    endpoint: http://collector.observability.svc:4317
                """, OtlpExporter.class);
        exporter.getMetadata().setNamespace(namespace);
        return exporter;
    }
}
