package dev.otlp.operator.status;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.render.Labels;
import dev.otlp.operator.render.RuntimeConfigFactory;
import dev.otlp.operator.render.ServiceModel;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that writes an exporter's status: from its Deployment while the spec is applied,
 * or with the reason it could not be applied. {@code Ready} means every wanted pod of the current
 * configuration is ready, not that a reconcile succeeded.
 */
public final class ExporterStatuses {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String MONITORING = "Monitoring";

    private final Clock clock;

    public ExporterStatuses(Clock clock) {
        this.clock = clock;
    }

    /** The status of an applied spec, read from the Deployment (null until it exists). */
    public OtlpExporterStatus applied(OtlpExporter exporter, String configHash, Deployment deployment,
                                      Optional<Boolean> monitoringInstalled) {
        OtlpExporterStatus status = base(exporter);
        status.setConfigHash(configHash);
        DeploymentStatus observed = deployment == null || deployment.getStatus() == null
                ? new DeploymentStatus() : deployment.getStatus();
        int wanted = deployment == null || deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int total = orZero(observed.getReplicas());
        int ready = orZero(observed.getReadyReplicas());
        int updated = orZero(observed.getUpdatedReplicas());
        boolean observedCurrent = deployment != null && observed.getObservedGeneration() != null
                && observed.getObservedGeneration() >= orZero(deployment.getMetadata().getGeneration());
        status.setReplicas(total);
        status.setReadyReplicas(Math.min(ready, updated));

        Optional<DeploymentCondition> failure = failure(observed);
        boolean allReady = deployment != null && observedCurrent && updated >= wanted && ready >= wanted && total == wanted;
        String progress = String.format("%d of %d pods of config %s ready", Math.min(ready, updated), wanted, configHash);
        List<ConditionState> conditions = new ArrayList<>();
        if (deployment == null) {
            conditions.add(ConditionState.isFalse(READY, "Creating", "the Deployment is being created"));
            conditions.add(ConditionState.isTrue(PROGRESSING, "Creating", "the Deployment is being created"));
        } else if (allReady) {
            conditions.add(ConditionState.isTrue(READY, "PodsReady", progress));
            conditions.add(ConditionState.isFalse(PROGRESSING, "RolloutComplete", progress));
        } else {
            conditions.add(ConditionState.isFalse(READY, "PodsNotReady", progress));
            conditions.add(failure.isPresent()
                    ? ConditionState.isFalse(PROGRESSING, failure.get().getReason(), failure.get().getMessage())
                    : ConditionState.isTrue(PROGRESSING, "RollingOut", progress));
        }
        conditions.add(failure
                .map(condition -> ConditionState.isTrue(DEGRADED, condition.getReason(), condition.getMessage()))
                .orElse(ConditionState.isFalse(DEGRADED, "AsExpected", "no rollout failure reported")));
        monitoringInstalled.ifPresent(installed -> conditions.add(installed
                ? ConditionState.isTrue(MONITORING, "Installed", "ServiceMonitor and PrometheusRule are managed")
                : ConditionState.isFalse(MONITORING, "PrometheusOperatorMissing",
                "the monitoring.coreos.com CRDs (servicemonitors, prometheusrules) are not installed;"
                        + " no ServiceMonitor or PrometheusRule is created until they are")));
        status.setConditions(Conditions.update(previousConditions(exporter), conditions, generation(exporter), clock));
        return status;
    }

    /**
     * The status of a spec that cannot be applied: what runs stays as it was, so its counts and
     * hash are kept, and every condition names the reason.
     */
    public OtlpExporterStatus blocked(OtlpExporter exporter, String reason, String message) {
        OtlpExporterStatus status = base(exporter);
        Optional.ofNullable(exporter.getStatus()).ifPresent(previous -> {
            status.setConfigHash(previous.getConfigHash());
            status.setReplicas(previous.getReplicas());
            status.setReadyReplicas(previous.getReadyReplicas());
        });
        status.setConditions(Conditions.update(previousConditions(exporter), List.of(
                ConditionState.isFalse(READY, reason, message),
                ConditionState.isFalse(PROGRESSING, reason, "the spec is not applied; the running pods are unchanged"),
                ConditionState.isTrue(DEGRADED, reason, message)), generation(exporter), clock));
        return status;
    }

    private static OtlpExporterStatus base(OtlpExporter exporter) {
        OtlpExporterStatus status = new OtlpExporterStatus();
        status.setObservedGeneration(generation(exporter));
        status.setProfile(RuntimeConfigFactory.effectiveProfile(exporter));
        status.setSelector(Labels.selectorString(exporter.getMetadata().getName()));
        status.setEndpoint(ServiceModel.grpcEndpoint(exporter));
        return status;
    }

    private static Optional<DeploymentCondition> failure(DeploymentStatus status) {
        return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(c -> ("Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
                        || ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())))
                .findFirst();
    }

    private static List<io.fabric8.kubernetes.api.model.Condition> previousConditions(OtlpExporter exporter) {
        return exporter.getStatus() == null ? null : exporter.getStatus().getConditions();
    }

    private static long generation(OtlpExporter exporter) {
        return orZero(exporter.getMetadata().getGeneration());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
