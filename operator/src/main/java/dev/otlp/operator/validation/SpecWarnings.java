package dev.otlp.operator.validation;

import dev.otlp.operator.api.AutoscalingEngine;
import dev.otlp.operator.api.MonitoringSpec;
import dev.otlp.operator.api.NetworkPolicySpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.ReceiverSpec;
import dev.otlp.operator.api.ReceiverTlsSpec;
import dev.otlp.operator.api.ServiceMonitorOptions;
import dev.otlp.operator.api.UpstreamProtocol;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.operator.model.QueueStorage;
import dev.otlp.operator.model.Scaling;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.model.ExporterSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a spec may legitimately say but will likely regret. It is applied, and each of these is
 * named by the {@code Warning} condition and a Warning Event, so that it is not found in an outage.
 * Runs after {@link SpecValidation}: the spec is valid.
 */
public final class SpecWarnings {

    /** What an OpenTelemetry Collector's gRPC receiver takes by default ({@code max_recv_msg_size_mib: 4}). */
    static final long COLLECTOR_GRPC_MESSAGE_LIMIT = 4L << 20;
    /** The namespace label of Pod Security admission's enforced level; only {@code privileged} admits host ports. */
    static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

    private SpecWarnings() {
    }

    public static List<SpecProblem> of(OtlpExporter exporter) {
        OtlpExporterSpec spec = exporter.getSpec();
        List<SpecProblem> warnings = new ArrayList<>();
        if (spec == null) {
            return warnings;
        }
        if (spec.getReplicas() != null && spec.getAutoscaling() != null) {
            warnings.add(new SpecProblem("spec.replicas", "(" + spec.getReplicas() + ") is ignored while spec.autoscaling"
                    + " is set: the HorizontalPodAutoscaler scales between minReplicas and maxReplicas; remove spec.replicas"));
        }
        Optional<UpstreamSpec> upstream = Optional.ofNullable(spec.getUpstream());
        boolean grpc = upstream.map(UpstreamSpec::getProtocol).orElse(UpstreamProtocol.GRPC) == UpstreamProtocol.GRPC;
        long maxExportSize = QueueStorage.bytes(upstream.map(UpstreamSpec::getMaxExportSize).orElse(null), 0);
        if (grpc && maxExportSize > COLLECTOR_GRPC_MESSAGE_LIMIT) {
            warnings.add(new SpecProblem("spec.upstream.maxExportSize", "(" + maxExportSize + " bytes) is more than the"
                    + " 4 MiB an OpenTelemetry Collector's gRPC receiver takes by default; raise its max_recv_msg_size_mib"
                    + " too, or it refuses the larger exports"));
        }
        if (Boolean.TRUE.equals(spec.getHostPort())) {
            hostPort(exporter, warnings);
        }
        kedaWithoutServiceMonitor(spec, warnings);
        return warnings;
    }

    /**
     * KEDA's Prometheus queries select the exporter by the label its ServiceMonitor adds
     * ({@code ExporterSeries.EXPORTER_LABEL}): without it they find nothing, and KEDA never scales on them.
     */
    private static void kedaWithoutServiceMonitor(OtlpExporterSpec spec, List<SpecProblem> warnings) {
        Optional<Scaling.Autoscaling> keda = Optional.ofNullable(spec.getAutoscaling()).map(Scaling.Autoscaling::of)
                .filter(autoscaling -> autoscaling.engine() == AutoscalingEngine.KEDA && !autoscaling.customTargets().isEmpty());
        boolean monitored = Optional.ofNullable(spec.getMonitoring()).map(MonitoringSpec::getServiceMonitor)
                .map(ServiceMonitorOptions::getEnabled).orElse(false);
        if (keda.isPresent() && !monitored) {
            warnings.add(new SpecProblem("spec.monitoring.serviceMonitor", "is not enabled: the KEDA ScaledObject's"
                    + " Prometheus queries select the series by the " + ExporterSeries.EXPORTER_LABEL + " label its"
                    + " ServiceMonitor adds, and find nothing without it; enable it, or KEDA never scales on queueFill"
                    + " or receivedItemsRate"));
        }
    }

    /**
     * A host port: Pod Security baseline forbids it, a NetworkPolicy of pod selectors blocks the clients
     * it exists for, and a generated receiver certificate names the Service, not the nodes.
     */
    private static void hostPort(OtlpExporter exporter, List<SpecProblem> warnings) {
        OtlpExporterSpec spec = exporter.getSpec();
        warnings.add(new SpecProblem("spec.hostPort", "(true) opens 4317 and 4318 on each node, which Pod Security"
                + " baseline and restricted forbid: label the namespace " + exporter.getMetadata().getNamespace() + " "
                + POD_SECURITY_ENFORCE + "=privileged, or its DaemonSet's pods are refused wherever a stricter level"
                + " is enforced"));
        Optional<NetworkPolicySpec> policy = Optional.ofNullable(spec.getNetworkPolicy())
                .filter(networkPolicy -> Boolean.TRUE.equals(networkPolicy.getEnabled()));
        boolean admitsAddresses = policy.map(NetworkPolicySpec::getAllowedSources).orElse(List.of()).stream()
                .anyMatch(source -> source != null && source.getIpBlock() != null);
        if (policy.isPresent() && !admitsAddresses) {
            warnings.add(new SpecProblem("spec.networkPolicy.allowedSources", "admits pods only: clients off the pod network,"
                    + " which spec.hostPort is for, are blocked; add an ipBlock with their addresses"));
        }
        boolean generatedTls = Optional.ofNullable(spec.getReceiver()).map(ReceiverSpec::getTls)
                .map(ReceiverTlsSpec::getGenerate).orElse(false);
        if (generatedTls) {
            String service = exporter.getMetadata().getName() + "." + exporter.getMetadata().getNamespace() + ".svc";
            warnings.add(new SpecProblem("spec.receiver.tls.generate", "the generated certificate names the Service ("
                    + service + "), not the nodes: clients sending to a node's address through spec.hostPort must set"
                    + " the TLS server name to " + service + ", or verification fails"));
        }
    }
}
