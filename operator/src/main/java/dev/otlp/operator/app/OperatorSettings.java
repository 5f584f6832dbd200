package dev.otlp.operator.app;

import dev.otlp.operator.model.ExporterPorts;
import java.time.Duration;
import java.util.Set;

/**
 * How the operator runs.
 *
 * @param runtimeImage   the exporter runtime image used when a resource names none
 * @param namespaces     namespaces to watch; empty for all
 * @param leaseNamespace where the leader-election Lease lives; null to run without leader election
 * @param resyncInterval how often every exporter is reconciled even when nothing changed
 * @param podHealthPort  the port of the runtime pods' {@code /ready}, which the operator reads for UpstreamReachable
 * @param stallTimeout   how long reconciliations may stay pending without one ending before {@code /healthz} fails
 */
public record OperatorSettings(String runtimeImage, Set<String> namespaces, String leaseNamespace,
                               Duration resyncInterval, int podHealthPort, Duration stallTimeout) {

    public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/otlp-fleet/otlp-exporter-runtime:0.1.0";
    public static final String LEASE_NAME = "otlp-fleet-operator";
    public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(5);

    public OperatorSettings {
        namespaces = Set.copyOf(namespaces);
    }

    /** Failing {@code /healthz} after the default stall timeout. */
    public OperatorSettings(String runtimeImage, Set<String> namespaces, String leaseNamespace, Duration resyncInterval,
                            int podHealthPort) {
        this(runtimeImage, namespaces, leaseNamespace, resyncInterval, podHealthPort, DEFAULT_STALL_TIMEOUT);
    }

    /** Reading the runtime pods' {@code /ready} on the port the operator gives them. */
    public OperatorSettings(String runtimeImage, Set<String> namespaces, String leaseNamespace, Duration resyncInterval) {
        this(runtimeImage, namespaces, leaseNamespace, resyncInterval, ExporterPorts.HEALTH);
    }

    public static OperatorSettings defaults() {
        return new OperatorSettings(DEFAULT_RUNTIME_IMAGE, Set.of(), null, DEFAULT_RESYNC_INTERVAL);
    }
}
