package dev.otlp.operator.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar otlp-fleet-operator.jar [options]}: the operator against the cluster of the
 * current kubeconfig or service account, or with {@code --embedded} against an in-process API
 * server holding the samples. Runs until SIGTERM or SIGINT, then stops cleanly and exits 0.
 */
public final class OperatorMain {

    static final int START_FAILED = 1;
    static final int USAGE_ERROR = 64;

    private OperatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OperatorOptions options;
        try {
            options = OperatorOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("otlp-fleet-operator: " + e.getMessage());
            System.err.println("Run with --help to see the options.");
            System.exit(USAGE_ERROR);
            return;
        }
        if (options.help()) {
            System.out.print(OperatorOptions.USAGE);
            return;
        }
        int exitCode = START_FAILED;
        try {
            exitCode = run(options);
        } finally {
            // Informer and executor threads would keep the JVM alive even after an Error.
            System.exit(exitCode);
        }
    }

    private static int run(OperatorOptions options) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(OperatorMain.class);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        AutoCloseable running;
        try {
            running = options.embedded() ? EmbeddedDemo.start(options, System.out) : startOnCluster(options, log);
        } catch (RuntimeException e) {
            log.error("could not start: {}", reason(e), e);
            System.err.println("otlp-fleet-operator: could not start: " + reason(e));
            return START_FAILED;
        }
        log.info("started");
        stop.await();
        log.info("stopping");
        try {
            running.close();
        } catch (Exception e) {
            log.warn("stopping failed: {}", e.getMessage(), e);
        }
        log.info("stopped");
        return 0;
    }

    private static OperatorProcess startOnCluster(OperatorOptions options, Logger log) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        String apiServer = client.getConfiguration().getMasterUrl();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            throw new IllegalStateException("cannot reach the Kubernetes API server at " + apiServer + " (" + describe(rootCause(e))
                    + "): point KUBECONFIG or the current context at a cluster, or try --embedded", e);
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

    /** The exception's message, followed by its root cause's when that says something else. */
    private static String reason(Throwable e) {
        Throwable root = rootCause(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || message.contains(describe(root)) ? message : message + ", caused by " + describe(root);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
