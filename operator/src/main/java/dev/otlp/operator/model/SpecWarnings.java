package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.UpstreamProtocol;
import dev.otlp.operator.api.UpstreamSpec;
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
        return warnings;
    }
}
