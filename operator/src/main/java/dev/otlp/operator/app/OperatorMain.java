package dev.otlp.operator.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar otlp-fleet-operator.jar [options]}: the operator against the cluster of the
 * current kubeconfig or service account. Runs until SIGTERM or SIGINT, then stops cleanly and exits 0.
 */
public final class OperatorMain {

    private OperatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OperatorOptions options;
        try {
            options = OperatorOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("otlp-fleet-operator: " + e.getMessage());
            System.err.println("Run with --help to see the options.");
            System.exit(ProcessLifecycle.USAGE_ERROR);
            return;
        }
        if (options.help()) {
            System.out.print(OperatorOptions.USAGE);
            return;
        }
        int exitCode = ProcessLifecycle.START_FAILED;
        try {
            exitCode = ProcessLifecycle.runUntilSignalled("otlp-fleet-operator",
                    () -> startOnCluster(options, LoggerFactory.getLogger(OperatorMain.class)));
        } finally {
            // Informer and executor threads would keep the JVM alive even after an Error.
            System.exit(exitCode);
        }
    }

    private static OperatorProcess startOnCluster(OperatorOptions options, Logger log) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        String apiServer = client.getConfiguration().getMasterUrl();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            throw new IllegalStateException("cannot reach the Kubernetes API server at " + apiServer + " ("
                    + ProcessLifecycle.describe(ProcessLifecycle.rootCause(e)) + "): point KUBECONFIG or the current context"
                    + " at a cluster, or try the demo: java -jar demo/target/otlp-fleet-demo.jar", e);
        }
        OperatorSettings settings = options.settings();
        log.info("connected to {}; watching {}; leader election {}; runtime image {}", apiServer,
                settings.namespaces().isEmpty() ? "all namespaces" : "namespaces " + String.join(",", settings.namespaces()),
                settings.leaseNamespace() == null ? "off" : "with Lease " + settings.leaseNamespace() + "/"
                        + OperatorSettings.LEASE_NAME,
                settings.runtimeImage());
        OperatorProcess process = OperatorProcess.start(client, settings, options.healthPort(), options.metricsPort(),
                options.webhook());
        log.info("/healthz and /readyz on port {}, /metrics on port {}{}", process.healthPort(), process.metricsPort(),
                options.webhook() == null ? "; no admission webhook" : "; admission webhook on port " + options.webhook().port());
        return process;
    }
}
