package dev.otlp.operator.model;

import dev.otlp.operator.api.ExporterMode;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import java.util.Optional;

/** The one workload that runs an exporter's pods; the others are deleted when the mode changes. */
public enum WorkloadKind {
    DEPLOYMENT("Deployment"),
    STATEFUL_SET("StatefulSet"),
    DAEMON_SET("DaemonSet"),
    /** No workload of its own: the runtime is a container of the applications' pods. */
    SIDECAR("Pod");

    private final String kind;

    WorkloadKind(String kind) {
        this.kind = kind;
    }

    /** The Kubernetes kind. */
    public String kind() {
        return kind;
    }

    /** {@code spec.mode}, deployment when unset: the one place that decides the mode's default. */
    public static ExporterMode mode(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getMode).orElse(ExporterMode.DEPLOYMENT);
    }

    /** {@link #mode}, with a queue on claims implying a StatefulSet. */
    public static WorkloadKind of(OtlpExporter exporter) {
        ExporterMode mode = mode(exporter);
        if (mode == ExporterMode.DAEMON_SET) {
            return DAEMON_SET;
        }
        if (mode == ExporterMode.SIDECAR) {
            return SIDECAR;
        }
        return mode == ExporterMode.STATEFUL_SET || QueueStorage.onClaims(exporter) ? STATEFUL_SET : DEPLOYMENT;
    }

    /** Whether spec.replicas and autoscaling apply: one pod per node, or one per application pod, leaves nothing to scale. */
    public boolean scales() {
        return this == DEPLOYMENT || this == STATEFUL_SET;
    }

    /** Whether the exporter has pods of its own behind a Service, rather than living in the applications' pods. */
    public boolean ownPods() {
        return this != SIDECAR;
    }
}
