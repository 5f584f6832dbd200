package dev.otlp.demo;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.app.OperatorProcess;
import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.cluster.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The demo: an in-process API server with the OtlpExporter CRD, demo Secrets and the
 * samples, the operator reconciling them, and a {@link DemoKubelet} so that they become Ready.
 * Prints each resource and a kubeconfig with which {@code kubectl} reaches the server.
 */
final class EmbeddedDemo implements AutoCloseable {

    static final String NAMESPACE = "default";
    static final String OPERATOR_USER_AGENT = "otlp-fleet-operator";
    /** The sample that the printed {@code kubectl apply} line names, when the directory has it. */
    private static final String EXAMPLE_SAMPLE = "balanced.yaml";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDemo.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedApiServer apiServer;
    private DemoKubelet kubelet;
    private OperatorProcess operator;
    private Path kubeconfig;

    private EmbeddedDemo(EmbeddedApiServer apiServer) {
        this.apiServer = apiServer;
    }

    /** Starts everything, prints the fleet and the kubeconfig to {@code out}, and returns while it keeps serving. */
    static EmbeddedDemo start(DemoOptions options, PrintStream out) {
        List<Path> samples = options.apiOnly() ? List.of() : SampleManifests.files(options.samples());
        EmbeddedDemo demo = new EmbeddedDemo(options.apiOnly() ? EmbeddedApiServer.start(options.apiPort())
                : EmbeddedApiServer.startWithAdmissionWebhooks(options.apiPort()));
        try {
            if (options.apiOnly()) {
                demo.serveApiOnly(out);
            } else {
                demo.run(options, samples, out);
            }
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void run(DemoOptions options, List<Path> samples, PrintStream out) {
        log.info("embedded API server listening at {}", apiServer.url());
        apiServer.installCrdFromClasspath(OtlpExporter.GENERATED_CRD);
        apiServer.installMonitoringCrds();
        DemoWebhooks webhooks = DemoWebhooks.install(apiServer.client());
        List<String> secrets = DemoSecrets.create(apiServer.client(), NAMESPACE);
        kubelet = DemoKubelet.start(apiServer.client(), 1);
        operator = OperatorProcess.start(apiServer.newClientForWebhooks(OPERATOR_USER_AGENT), OperatorSettings.defaults(),
                options.healthPort(), options.metricsPort(), webhooks.operatorWebhook());
        webhooks.routeTo(apiServer, operator.webhookPort().orElseThrow());
        List<HasMetadata> applied = SampleManifests.apply(apiServer.client(), samples, NAMESPACE);
        log.info("applied {} objects from {}", applied.size(), options.samples());

        FleetReport report = new FleetReport(apiServer.client());
        boolean allReady = awaitReady(report);
        kubeconfig = writeKubeconfig();
        String example = options.samples().resolve(exampleFile(samples).getFileName()).toString();
        out.println();
        out.println("Embedded API server at " + apiServer.url() + ": the OtlpExporter CRD, stand-ins for the "
                + "monitoring.coreos.com CRDs, and " + applied.size() + " objects from " + options.samples() + "/");
        out.println("Demo Secrets " + String.join(", ", secrets) + " in namespace " + NAMESPACE
                + " hold demo data (label " + DemoSecrets.DEMO_LABEL + "=true).");
        out.println("No pods run here: a demo kubelet marks the pods of each Deployment, StatefulSet and DaemonSet ready.");
        out.println("The API server calls the operator's admission webhooks: an invalid OtlpExporter is refused, and a pod"
                + " annotated otlp.dev/inject gets its sidecar exporter.");
        out.println(allReady ? "Every OtlpExporter is Ready:" : "Not every OtlpExporter is Ready yet:");
        out.println();
        out.print(report.render());
        out.println("kubeconfig: " + kubeconfig);
        out.println("  kubectl --kubeconfig " + kubeconfig + " get otlpx");
        out.println("  kubectl --kubeconfig " + kubeconfig + " apply --validate=false -f " + example);
        out.println("Operator endpoints: http://localhost:" + operator.healthPort() + "/healthz, http://localhost:"
                + operator.healthPort() + "/readyz, http://localhost:" + operator.metricsPort() + "/metrics");
        out.println("Serving until interrupted (Ctrl-C).");
        out.flush();
    }

    /** {@code --api-only}: the API server with the CRDs and a demo kubelet, for an operator started on its own. */
    private void serveApiOnly(PrintStream out) {
        log.info("embedded API server listening at {}", apiServer.url());
        apiServer.installCrdFromClasspath(OtlpExporter.GENERATED_CRD);
        apiServer.installMonitoringCrds();
        kubelet = DemoKubelet.start(apiServer.client(), 1);
        kubeconfig = writeKubeconfig();
        out.println();
        out.println("Embedded API server at " + apiServer.url() + ": the OtlpExporter CRD and stand-ins for the "
                + "monitoring.coreos.com CRDs; no operator runs here (--api-only).");
        out.println("No pods run here: a demo kubelet marks the pods of each Deployment, StatefulSet and DaemonSet ready.");
        out.println("kubeconfig: " + kubeconfig);
        out.println("  KUBECONFIG=" + kubeconfig + " java -jar operator/target/otlp-fleet-operator.jar");
        out.println("Serving until interrupted (Ctrl-C).");
        out.flush();
    }

    private static Path exampleFile(List<Path> samples) {
        return samples.stream()
                .filter(file -> file.getFileName().toString().equals(EXAMPLE_SAMPLE))
                .findFirst()
                .orElse(samples.get(0));
    }

    private static boolean awaitReady(FleetReport report) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (report.allReady()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private Path writeKubeconfig() {
        try {
            Path file = Files.createTempFile("otlp-fleet-embedded-", ".kubeconfig");
            return apiServer.writeKubeconfig(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a kubeconfig file", e);
        }
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        apiServer.close();
        if (kubeconfig != null) {
            try {
                Files.deleteIfExists(kubeconfig);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", kubeconfig, e.getMessage());
            }
        }
    }
}
