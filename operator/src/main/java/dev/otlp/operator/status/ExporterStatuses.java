package dev.otlp.operator.status;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.api.ReceiverApiKeyStatus;
import dev.otlp.operator.api.RetainedQueueStatus;
import dev.otlp.operator.api.TuningProfile;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.model.WorkloadKind;
import dev.otlp.operator.secrets.ReceiverApiKeys;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place that writes an exporter's status: from the reconcile's model and its Deployment, StatefulSet or
 * DaemonSet (or, for a sidecar, the application pods it was injected into) while the spec is applied, or with the
 * reason it could not be applied. {@code Ready} means every wanted pod of the current configuration is ready, not
 * that a reconcile succeeded.
 */
public final class ExporterStatuses {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String MONITORING = "Monitoring";
    public static final String UPSTREAM_REACHABLE = "UpstreamReachable";
    /** True while the applied spec holds settings it may regret ({@link dev.otlp.operator.validation.SpecWarnings}). */
    public static final String WARNING = "Warning";

    private final Clock clock;

    public ExporterStatuses(Clock clock) {
        this.clock = clock;
    }

    /**
     * The status of an applied spec, read from its Deployment, StatefulSet or DaemonSet.
     *
     * @param upstreamReachable what the runtime pods say of their upstream; empty when none answered,
     *                          and then the condition stays as it was
     * @param warnings          the risky settings of the applied spec
     * @param autoscaling       the {@link AutoscalingCondition}, when the spec autoscales
     * @param pods              the exporter's pods
     */
    public OtlpExporterStatus applied(ExporterModel model, Workload workload, Optional<Boolean> monitoringInstalled,
                                      Optional<ConditionState> upstreamReachable, List<SpecProblem> warnings,
                                      Optional<ConditionState> autoscaling, List<Pod> pods) {
        OtlpExporter exporter = model.exporter();
        String configHash = model.configHash();
        OtlpExporterStatus status = base(exporter, model.resolved().profile(), model.resolved().serviceEndpoint());
        status.setConfigHash(configHash);
        status.setReceiverApiKey(receiverApiKey(model));
        int wanted = workload.wanted();
        int readyUpdated = Math.min(workload.ready(), workload.updated());
        status.setReplicas(workload.total());
        status.setReadyReplicas(readyUpdated);
        status.setReady(readyUpdated + "/" + wanted);

        boolean allReady = workload.exists() && workload.observedCurrent() && workload.updated() >= wanted
                && workload.ready() >= wanted && workload.total() == wanted;
        String progress = String.format("%d of %d pods of config %s ready", readyUpdated, wanted, configHash);
        List<ConditionState> conditions = new ArrayList<>();
        if (!workload.exists()) {
            String creating = "the " + workload.kind() + " is being created";
            conditions.add(ConditionState.isFalse(READY, "Creating", creating));
            conditions.add(ConditionState.isTrue(PROGRESSING, "Creating", creating));
        } else if (allReady) {
            conditions.add(ConditionState.isTrue(READY, "PodsReady", progress));
            conditions.add(ConditionState.isFalse(PROGRESSING, "RolloutComplete", progress));
        } else {
            conditions.add(ConditionState.isFalse(READY, "PodsNotReady", progress));
            conditions.add(workload.failure().isPresent()
                    ? ConditionState.isFalse(PROGRESSING, workload.failure().get().get(0), workload.failure().get().get(1))
                    : ConditionState.isTrue(PROGRESSING, "RollingOut", progress));
        }
        conditions.add(workload.failure()
                .map(failure -> ConditionState.isTrue(DEGRADED, failure.get(0), failure.get(1)))
                .orElse(ConditionState.isFalse(DEGRADED, "AsExpected", "no rollout failure reported")));
        monitoringInstalled.ifPresent(installed -> conditions.add(installed
                ? ConditionState.isTrue(MONITORING, "Installed", "ServiceMonitor and PrometheusRule are managed")
                : ConditionState.isFalse(MONITORING, "PrometheusOperatorMissing",
                "the monitoring.coreos.com CRDs (servicemonitors, prometheusrules) are not installed;"
                        + " no ServiceMonitor or PrometheusRule is created until they are")));
        upstreamReachable.or(() -> previous(exporter, UPSTREAM_REACHABLE)).ifPresent(conditions::add);
        autoscaling.ifPresent(conditions::add);
        if (model.workloadKind() == WorkloadKind.STATEFUL_SET) {
            List<RetainedQueueStatus> retained = RetainedQueues.of(exporter.getMetadata().getName(), pods, wanted,
                    exporter.getStatus() == null ? null : exporter.getStatus().getRetainedQueues(), clock.instant());
            status.setRetainedQueues(retained.isEmpty() ? null : retained);
            conditions.add(RetainedQueues.condition(retained));
        }
        conditions.add(warningCondition(warnings));
        status.setConditions(Conditions.update(previousConditions(exporter), conditions, generation(exporter), clock));
        return status;
    }

    /**
     * The status of an applied mode-sidecar spec: its ConfigMap and Secrets are in place, so every pod
     * that asks for it gets it injected; {@code injectedPods} counts the application pods running it.
     *
     * @param onOlderConfig of those, the pods that started with an earlier configuration, which they keep
     *                      until they are restarted
     */
    public OtlpExporterStatus appliedAsSidecar(ExporterModel model, int injectedPods, int onOlderConfig,
                                               Optional<Boolean> monitoringInstalled, List<SpecProblem> warnings) {
        OtlpExporter exporter = model.exporter();
        String configHash = model.configHash();
        OtlpExporterStatus status = base(exporter, model.resolved().profile(), model.resolved().serviceEndpoint());
        status.setEndpoint("localhost:4317");
        status.setSelector(Labels.SIDECAR_OF + "=" + exporter.getMetadata().getName());
        status.setConfigHash(configHash);
        status.setReceiverApiKey(receiverApiKey(model));
        status.setInjectedPods(injectedPods);
        status.setReady(injectedPods + " injected");
        String injected = "config " + configHash + " is in place for pods annotated " + Labels.INJECT_ANNOTATION + "="
                + exporter.getMetadata().getName() + "; injected into " + injectedPods + " running pods";
        List<ConditionState> conditions = new ArrayList<>();
        conditions.add(ConditionState.isTrue(READY, "SidecarConfigured", injected));
        conditions.add(onOlderConfig == 0
                ? ConditionState.isFalse(PROGRESSING, "AllPodsCurrent", injected)
                : ConditionState.isTrue(PROGRESSING, "PodsOnOlderConfig", onOlderConfig + " of " + injectedPods
                + " injected pods run an earlier configuration; they take this one when restarted"
                + " (kubectl rollout restart of their workload)"));
        conditions.add(ConditionState.isFalse(DEGRADED, "AsExpected", "no rollout failure reported"));
        monitoringInstalled.ifPresent(installed -> conditions.add(installed
                ? ConditionState.isTrue(MONITORING, "Installed", "PodMonitor and PrometheusRule are managed")
                : ConditionState.isFalse(MONITORING, "PrometheusOperatorMissing",
                "the monitoring.coreos.com CRDs (podmonitors, prometheusrules) are not installed;"
                        + " no PodMonitor or PrometheusRule is created until they are")));
        conditions.add(warningCondition(warnings));
        status.setConditions(Conditions.update(previousConditions(exporter), conditions, generation(exporter), clock));
        return status;
    }

    /** The generated receiver keys' times, or null when the operator generates none. */
    private static ReceiverApiKeyStatus receiverApiKey(ExporterModel model) {
        ReceiverApiKeys keys = model.receiverApiKey();
        if (keys == null) {
            return null;
        }
        ReceiverApiKeyStatus status = new ReceiverApiKeyStatus();
        status.setCurrentSince(keys.currentSince().toString());
        status.setPreviousSince(keys.previousSince().map(Instant::toString).orElse(null));
        status.setPreviousExpiresAt(keys.previousExpiresAt().map(Instant::toString).orElse(null));
        status.setRotationHandled(keys.rotationHandled().orElse(null));
        return status;
    }

    private static ConditionState warningCondition(List<SpecProblem> warnings) {
        return warnings.isEmpty()
                ? ConditionState.isFalse(WARNING, "None", "no risky settings")
                : ConditionState.isTrue(WARNING, "RiskySettings",
                warnings.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
    }

    private static Optional<ConditionState> previous(OtlpExporter exporter, String type) {
        return Optional.ofNullable(previousConditions(exporter)).stream().flatMap(List::stream)
                .filter(condition -> type.equals(condition.getType())).findFirst()
                .map(condition -> new ConditionState(type, "True".equals(condition.getStatus()), condition.getReason(),
                        condition.getMessage()));
    }

    /**
     * The status of a spec that cannot be applied, which has no model: what runs stays as it was, so its counts
     * and hash are kept, and every condition names the reason.
     */
    public OtlpExporterStatus blocked(OtlpExporter exporter, String reason, String message) {
        OtlpExporterStatus status = base(exporter, ExporterConfig.effectiveProfile(exporter),
                ResourceNames.serviceEndpoint(exporter.getMetadata().getName(), exporter.getMetadata().getNamespace()));
        Optional.ofNullable(exporter.getStatus()).ifPresent(previous -> {
            status.setConfigHash(previous.getConfigHash());
            status.setReceiverApiKey(previous.getReceiverApiKey());
            status.setReplicas(previous.getReplicas());
            status.setReadyReplicas(previous.getReadyReplicas());
            status.setReady(previous.getReady());
            status.setRetainedQueues(previous.getRetainedQueues());
        });
        status.setConditions(Conditions.update(previousConditions(exporter), List.of(
                ConditionState.isFalse(READY, reason, message),
                ConditionState.isFalse(PROGRESSING, reason, "the spec is not applied; the running pods are unchanged"),
                ConditionState.isTrue(DEGRADED, reason, message)), generation(exporter), clock));
        return status;
    }

    private static OtlpExporterStatus base(OtlpExporter exporter, TuningProfile profile, String endpoint) {
        OtlpExporterStatus status = new OtlpExporterStatus();
        status.setObservedGeneration(generation(exporter));
        status.setProfile(profile);
        status.setSelector(Labels.selectorString(exporter.getMetadata().getName()));
        status.setEndpoint(endpoint);
        return status;
    }

    private static List<io.fabric8.kubernetes.api.model.Condition> previousConditions(OtlpExporter exporter) {
        return exporter.getStatus() == null ? null : exporter.getStatus().getConditions();
    }

    private static long generation(OtlpExporter exporter) {
        return orZero(exporter.getMetadata().getGeneration());
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
