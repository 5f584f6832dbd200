package dev.otlp.operator.app;

import dev.otlp.operator.dependent.CompressedItemStore;
import dev.otlp.operator.dependent.ExporterStore;
import dev.otlp.operator.reconciler.OtlpExporterReconciler;
import dev.otlp.operator.reconciler.UpstreamProbe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The JOSDK operator with the OtlpExporter controller, configured as it runs everywhere: no
 * server-side apply (dependents are matched and updated, status is patched), micrometer metrics
 * seen by a {@link ReconcileWatchdog}, spec changes reconciled before resyncs
 * ({@link SpecChangesFirst}), the exporters' cache feeding {@link RetainedQueueGauges}, a Lease for
 * leader election when asked for, and the watched namespaces.
 */
public final class OtlpFleetOperator implements AutoCloseable {

    public static final String CACHE_DECODES = "otlp.fleet.operator.cache.decodes";

    /** How long a stop waits for the reconciliations that are running: within a pod's default grace period. */
    private static final Duration RUNNING_RECONCILIATIONS_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(OtlpFleetOperator.class);

    private final Operator operator;
    private final SpecChangesFirst executor;
    private final ReconcileWatchdog watchdog;

    private OtlpFleetOperator(Operator operator, SpecChangesFirst executor, ReconcileWatchdog watchdog) {
        this.operator = operator;
        this.executor = executor;
        this.watchdog = watchdog;
    }

    /**
     * Starts the operator as it runs in a pod: an informer that stops on an error after it synced ends
     * the process (java-operator-sdk's default), so that the kubelet restarts it.
     */
    public static OtlpFleetOperator start(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                                          Clock clock) {
        return start(client, settings, registry, clock, Optional.empty());
    }

    /** Starts the operator telling {@code onInformerStopped}, not ending the process, of an informer that stopped. */
    public static OtlpFleetOperator start(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                                          Clock clock, InformerStoppedHandler onInformerStopped) {
        return start(client, settings, registry, clock, Optional.of(onInformerStopped));
    }

    private static OtlpFleetOperator start(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
                                           Clock clock, Optional<InformerStoppedHandler> onInformerStopped) {
        SpecChangesFirst executor = new SpecChangesFirst(ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER);
        ReconcileWatchdog watchdog = new ReconcileWatchdog(executor.noting(MicrometerMetrics.withoutPerResourceMetrics(registry)),
                registry, clock, settings.stallTimeout());
        FunctionCounter.builder(CACHE_DECODES, CompressedItemStore.class, store -> CompressedItemStore.decoded())
                .description("Objects decoded from the informers' compressed caches; a few per reconcile, whatever the fleet's size")
                .register(registry);
        RetainedQueueGauges retainedQueues = new RetainedQueueGauges(registry);
        Operator operator = new Operator(overrider -> {
            WithoutServerSideApply.configure(overrider)
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withMetrics(watchdog)
                    .withExecutorService(executor);
            onInformerStopped.ifPresent(overrider::withInformerStoppedHandler);
            if (settings.leaseNamespace() != null) {
                overrider.withLeaderElectionConfiguration(leaderElection(settings.leaseNamespace()));
            }
        });
        operator.register(new OtlpExporterReconciler(settings.runtimeImage(), new UpstreamProbe(settings.podHealthPort()), clock),
                configuration -> {
            configuration.withReconciliationMaxInterval(settings.resyncInterval())
                    .withItemStore(new ExporterStore(retainedQueues));
            if (settings.namespaces().isEmpty()) {
                configuration.watchingAllNamespaces();
            } else {
                configuration.settingNamespaces(settings.namespaces());
            }
        });
        operator.start();
        return new OtlpFleetOperator(operator, executor, watchdog);
    }

    /**
     * A Lease in {@code namespace}. Stopping the operator gives up the lease without ending the JVM
     * (JOSDK's default exits the process), so shutdown and tests stay in control of the exit.
     */
    private static LeaderElectionConfiguration leaderElection(String namespace) {
        return new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, namespace,
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, null, false);
    }

    /** Whether every informer is connected and synced: the operator's readiness. */
    public boolean healthy() {
        return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    /** Why the reconcile loop counts as stuck, or empty while it progresses or is idle: the operator's liveness. */
    public Optional<String> stall() {
        return watchdog.stall();
    }

    /** Stops after the running reconciliations end: JOSDK would stop the informers they read first. */
    @Override
    public void close() {
        try {
            if (!executor.finishRunning(RUNNING_RECONCILIATIONS_TIMEOUT)) {
                log.warn("stopping with reconciliations still running after {}", RUNNING_RECONCILIATIONS_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        operator.stop();
    }
}
