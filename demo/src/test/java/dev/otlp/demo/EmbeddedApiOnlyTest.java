package dev.otlp.demo;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.app.OperatorMain;
import dev.otlp.cluster.testing.JavaChildProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --api-only}: the in-process API server with the CRDs and no operator, so that
 * the operator can run against it as its own process, as deployed.
 */
class EmbeddedApiOnlyTest {

    private static final Pattern KUBECONFIG = Pattern.compile("kubeconfig: (\\S+)");
    /** What java-operator-sdk logs when a process registers the OtlpExporter reconciler. */
    private static final String REGISTERED_RECONCILER = "Registered reconciler: 'otlpexporter'";

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings({"try", "PMD.UnusedLocalVariable"}) // the operator process runs while it is open
    void servesTheCrdsWithoutAnOperatorUntilOneIsStartedAgainstIt() throws Exception {
        try (JavaChildProcess apiServer = JavaChildProcess.start(DemoMain.class, tmp.resolve("api.out"), Map.of(),
                "--api-only")) {
            Path kubeconfig = Path.of(apiServer.awaitOutput(KUBECONFIG));
            assertThat(Files.readString(tmp.resolve("api.out"))).contains("no operator runs here (--api-only)");
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
                assertThat(client.apiextensions().v1().customResourceDefinitions()
                        .withName("otlpexporters.otlp.dev").get()).isNotNull();
                OtlpExporter gateway = Serialization.unmarshal(Files.readString(Path.of("..", "samples", "balanced.yaml")),
                        OtlpExporter.class);
                gateway.getMetadata().setNamespace("default");
                client.resource(gateway).create();

                try (JavaChildProcess operator = JavaChildProcess.start(OperatorMain.class, tmp.resolve("operator.out"),
                        Map.of("KUBECONFIG", kubeconfig.toString()), "--no-leader-election",
                        "--health-port", "0", "--metrics-port", "0")) {
                    await("the operator in its own process makes the exporter Ready").atMost(Duration.ofSeconds(60)).until(() -> {
                        OtlpExporter exporter = client.resources(OtlpExporter.class).inNamespace("default")
                                .withName("balanced").get();
                        return exporter.getStatus() != null && exporter.getStatus().getConditions() != null
                                && exporter.getStatus().getConditions().stream().anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
                    });
                    // An operator registers its reconciler, and says so, before it can reconcile anything: the
                    // operator started here did, the API server's process never did, so only this operator reconciled.
                    assertThat(Files.readString(tmp.resolve("operator.out"))).contains(REGISTERED_RECONCILER);
                    assertThat(Files.readString(tmp.resolve("api.out"))).as("nothing reconciles before an operator starts")
                            .doesNotContain(REGISTERED_RECONCILER);
                }
            }
        }
    }
}
