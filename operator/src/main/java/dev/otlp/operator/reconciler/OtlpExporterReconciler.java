package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.api.RetainedQueueStatus;
import dev.otlp.operator.dependent.ConfigMapDependent;
import dev.otlp.operator.dependent.CustomMetricsApiWatch;
import dev.otlp.operator.dependent.DaemonSetDependent;
import dev.otlp.operator.dependent.DeploymentDependent;
import dev.otlp.operator.dependent.GeneratesReceiverApiKey;
import dev.otlp.operator.dependent.GeneratesReceiverTls;
import dev.otlp.operator.dependent.HasOwnPods;
import dev.otlp.operator.dependent.HorizontalPodAutoscalerDependent;
import dev.otlp.operator.dependent.InjectedPods;
import dev.otlp.operator.dependent.ModelOfReconcile;
import dev.otlp.operator.dependent.MonitoringCrdWatch;
import dev.otlp.operator.dependent.NetworkPolicyDependent;
import dev.otlp.operator.dependent.OwnPods;
import dev.otlp.operator.dependent.PodMonitorCrdInstalled;
import dev.otlp.operator.dependent.PodMonitorDependent;
import dev.otlp.operator.dependent.PodDisruptionBudgetDependent;
import dev.otlp.operator.dependent.PrometheusRuleCrdInstalled;
import dev.otlp.operator.dependent.PrometheusRuleDependent;
import dev.otlp.operator.dependent.ReceiverApiKeySecretDependent;
import dev.otlp.operator.dependent.ReceiverCaConfigMapDependent;
import dev.otlp.operator.dependent.ReceiverCaSecretDependent;
import dev.otlp.operator.dependent.ReceiverTlsSecretDependent;
import dev.otlp.operator.dependent.RunsAsDaemonSet;
import dev.otlp.operator.dependent.RunsAsDeployment;
import dev.otlp.operator.dependent.RunsAsStatefulSet;
import dev.otlp.operator.dependent.ServiceAccountDependent;
import dev.otlp.operator.dependent.ServiceDependent;
import dev.otlp.operator.dependent.ServiceMonitorCrdInstalled;
import dev.otlp.operator.dependent.ScaledObjectCrdInstalled;
import dev.otlp.operator.dependent.ScaledObjectDependent;
import dev.otlp.operator.dependent.ServiceMonitorDependent;
import dev.otlp.operator.dependent.StatefulSetDependent;
import dev.otlp.operator.dependent.TrimmedStore;
import dev.otlp.operator.dependent.WantsAlerts;
import dev.otlp.operator.dependent.WantsAutoscaling;
import dev.otlp.operator.dependent.WantsDisruptionBudget;
import dev.otlp.operator.dependent.WantsNetworkPolicy;
import dev.otlp.operator.dependent.WantsPodMonitor;
import dev.otlp.operator.dependent.WantsScaledObject;
import dev.otlp.operator.dependent.WantsServiceMonitor;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.SecretReference;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.monitoring.MonitoringCrds;
import dev.otlp.operator.render.ScaledObject;
import dev.otlp.operator.secrets.ReceiverApiKeys;
import dev.otlp.operator.status.AutoscalingCondition;
import dev.otlp.operator.status.ConditionState;
import dev.otlp.operator.status.ConfigRefusal;
import dev.otlp.operator.status.ExporterStatuses;
import dev.otlp.operator.status.RetainedQueues;
import dev.otlp.operator.status.Workload;
import dev.otlp.operator.validation.SpecValidation;
import dev.otlp.operator.validation.SpecWarnings;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otlp.operator.api.KubernetesJson;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles an {@code OtlpExporter} into its fleet. The spec is validated once (ending with the
 * runtime's own validator, whose configuration the model is built from) and its Secrets looked up
 * before anything is written: a spec that cannot be applied
 * leaves the running objects exactly as they are and says why in the status and an Event.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "service-account", type = ServiceAccountDependent.class, reconcilePrecondition = HasOwnPods.class),
        @Dependent(name = GeneratedSecrets.RECEIVER_CA, type = ReceiverCaSecretDependent.class,
                reconcilePrecondition = GeneratesReceiverTls.class),
        @Dependent(name = GeneratedSecrets.RECEIVER_TLS, type = ReceiverTlsSecretDependent.class,
                reconcilePrecondition = GeneratesReceiverTls.class, dependsOn = GeneratedSecrets.RECEIVER_CA),
        @Dependent(name = GeneratedSecrets.RECEIVER_API_KEY, type = ReceiverApiKeySecretDependent.class,
                reconcilePrecondition = GeneratesReceiverApiKey.class),
        @Dependent(name = "config", type = ConfigMapDependent.class),
        @Dependent(name = "receiver-ca-bundle", type = ReceiverCaConfigMapDependent.class, useEventSourceWithName = "config",
                reconcilePrecondition = GeneratesReceiverTls.class, dependsOn = GeneratedSecrets.RECEIVER_CA),
        @Dependent(name = "deployment", type = DeploymentDependent.class,
                reconcilePrecondition = RunsAsDeployment.class, dependsOn = {"service-account", "config"}),
        @Dependent(name = "stateful-set", type = StatefulSetDependent.class,
                reconcilePrecondition = RunsAsStatefulSet.class, dependsOn = {"service-account", "config"}),
        @Dependent(name = "daemon-set", type = DaemonSetDependent.class,
                reconcilePrecondition = RunsAsDaemonSet.class, dependsOn = {"service-account", "config"}),
        @Dependent(name = "service", type = ServiceDependent.class, reconcilePrecondition = HasOwnPods.class),
        @Dependent(name = "pod-disruption-budget", type = PodDisruptionBudgetDependent.class,
                reconcilePrecondition = WantsDisruptionBudget.class),
        @Dependent(name = "network-policy", type = NetworkPolicyDependent.class,
                reconcilePrecondition = WantsNetworkPolicy.class),
        @Dependent(name = "horizontal-pod-autoscaler", type = HorizontalPodAutoscalerDependent.class,
                reconcilePrecondition = WantsAutoscaling.class),
        @Dependent(name = "service-monitor", type = ServiceMonitorDependent.class,
                activationCondition = ServiceMonitorCrdInstalled.class, reconcilePrecondition = WantsServiceMonitor.class),
        @Dependent(name = "pod-monitor", type = PodMonitorDependent.class,
                activationCondition = PodMonitorCrdInstalled.class, reconcilePrecondition = WantsPodMonitor.class),
        @Dependent(name = "prometheus-rule", type = PrometheusRuleDependent.class,
                activationCondition = PrometheusRuleCrdInstalled.class, reconcilePrecondition = WantsAlerts.class),
        @Dependent(name = "scaled-object", type = ScaledObjectDependent.class,
                activationCondition = ScaledObjectCrdInstalled.class, reconcilePrecondition = WantsScaledObject.class)})
@ControllerConfiguration(name = OtlpExporterReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(itemStore = TrimmedStore.ForMetadataOnly.class, onUpdateFilter = SpecOrRotationRequestChanged.class))
public class OtlpExporterReconciler implements Reconciler<OtlpExporter> {

    public static final String NAME = "otlpexporter";
    static final String INVALID_SPEC = "InvalidSpec";
    static final String SECRET_NOT_FOUND = "SecretNotFound";
    static final String RECONCILE_FAILED = "ReconcileFailed";
    /** The soonest a reconcile is scheduled again for an expiring key: the key's times are whole seconds. */
    private static final Duration MIN_RESCHEDULE = Duration.ofSeconds(1);

    private final ExporterPlanner planner;
    private final ExporterStatuses statuses;
    private final UpstreamProbe upstreamProbe;
    private final Clock clock;
    private final LastReported reportedConfig = new LastReported();
    private final LastReported reportedWarning = new LastReported();

    public OtlpExporterReconciler(String defaultImage, UpstreamProbe upstreamProbe, Clock clock) {
        this.planner = new ExporterPlanner(defaultImage, clock);
        this.statuses = new ExporterStatuses(clock);
        this.upstreamProbe = upstreamProbe;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, OtlpExporter>> prepareEventSources(EventSourceContext<OtlpExporter> context) {
        return List.of(ReferencedSecrets.eventSource(context), MonitoringCrdWatch.eventSource(context),
                InjectedPods.eventSource(context), OwnPods.eventSource(context), CustomMetricsApiWatch.eventSource(context));
    }

    @Override
    public UpdateControl<OtlpExporter> reconcile(OtlpExporter exporter, Context<OtlpExporter> context) {
        SpecValidation.Result validation = SpecValidation.validate(exporter);
        if (!validation.valid()) {
            return blocked(exporter, context, INVALID_SPEC, validation.problems().stream()
                    .map(problem -> problem.field() + ": " + problem.message()).collect(Collectors.joining("; ")));
        }
        Map<SecretReference, Optional<Secret>> referenced = ReferencedSecrets.read(context, exporter);
        List<String> missing = missingSecrets(referenced);
        if (!missing.isEmpty()) {
            return blocked(exporter, context, SECRET_NOT_FOUND, String.join("; ", missing));
        }
        ExporterModel model = planner.plan(exporter, validation.config().orElseThrow(), context);
        ModelOfReconcile.store(model, context);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                .throwAggregateExceptionIfErrorsPresent();
        recordWhatHappened(exporter, model, context);
        List<SpecProblem> warnings = SpecWarnings.of(exporter);
        if (model.workloadKind().ownPods()) {
            List<Pod> pods = OwnPods.of(exporter, context);
            Workload workload = workload(model, context).failingWith(ConfigRefusal.of(pods, model.configHash()));
            OtlpExporterStatus status = statuses.applied(model, workload, monitoring(model, context),
                    upstreamProbe.condition(pods), warnings, autoscaling(model, context), pods);
            warnOfRiskySettings(exporter, status, context);
            warnOfNewlyRetainedQueues(exporter, status, context);
            return reconciledAgainWhenDue(withStatus(exporter, status), untilPreviousKeyExpires(model));
        }
        InjectedPods.Count injected = InjectedPods.count(exporter, context, model.configHash());
        OtlpExporterStatus status = statuses.appliedAsSidecar(model, injected.running(), injected.onOlderConfig(),
                monitoring(model, context), warnings);
        warnOfRiskySettings(exporter, status, context);
        return reconciledAgainWhenDue(withStatus(exporter, status), untilPreviousKeyExpires(model));
    }

    /** Scheduled again when something falls due before the resync. */
    private static UpdateControl<OtlpExporter> reconciledAgainWhenDue(UpdateControl<OtlpExporter> control,
                                                                       Optional<Duration> due) {
        due.ifPresent(control::rescheduleAfter);
        return control;
    }

    /** A rotated receiver key's predecessor is deleted when its grace period ends, not at the next resync. */
    private Optional<Duration> untilPreviousKeyExpires(ExporterModel model) {
        return Optional.ofNullable(model.receiverApiKey()).flatMap(ReceiverApiKeys::previousExpiresAt)
                .map(expires -> Duration.between(clock.instant(), expires))
                .map(delay -> delay.compareTo(MIN_RESCHEDULE) < 0 ? MIN_RESCHEDULE : delay);
    }

    @Override
    public ErrorStatusUpdateControl<OtlpExporter> updateErrorStatus(OtlpExporter exporter, Context<OtlpExporter> context,
                                                                    Exception e) {
        OtlpExporterStatus status = statuses.blocked(exporter, RECONCILE_FAILED,
                "applying the spec failed and is retried: " + e.getClass().getSimpleName());
        if (sameStatus(exporter.getStatus(), status)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        exporter.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(exporter);
    }

    private UpdateControl<OtlpExporter> blocked(OtlpExporter exporter, Context<OtlpExporter> context, String reason,
                                                String message) {
        OtlpExporterStatus status = statuses.blocked(exporter, reason, message);
        if (!sameReadyCondition(exporter.getStatus(), status)) {
            new ExporterEvents(context.getClient(), clock).warning(exporter, reason, message);
        }
        return withStatus(exporter, status);
    }

    /** A Warning Event when the risky settings named by the Warning condition change, once per change. */
    private void warnOfRiskySettings(OtlpExporter exporter, OtlpExporterStatus status, Context<OtlpExporter> context) {
        Optional<Condition> now = condition(status, ExporterStatuses.WARNING)
                .filter(condition -> "True".equals(condition.getStatus()));
        Optional<Condition> before = condition(exporter.getStatus(), ExporterStatuses.WARNING);
        boolean changed = reportedWarning.changed(exporter.getMetadata().getUid(), now.map(Condition::getMessage).orElse(""));
        if (now.isPresent() && changed && !now.map(Condition::getMessage).equals(before.map(Condition::getMessage))) {
            new ExporterEvents(context.getClient(), clock).warning(exporter, now.get().getReason(), now.get().getMessage());
        }
    }

    /** Every second while a scaled-down StatefulSet replica stops, to read its termination message before it is gone. */
    /** A Warning Event for each scaled-down replica's claim that the status names for the first time. */
    private void warnOfNewlyRetainedQueues(OtlpExporter exporter, OtlpExporterStatus status, Context<OtlpExporter> context) {
        Set<String> before = Optional.ofNullable(exporter.getStatus()).map(OtlpExporterStatus::getRetainedQueues)
                .orElse(List.of()).stream().map(RetainedQueueStatus::getClaim).collect(Collectors.toSet());
        Optional.ofNullable(status.getRetainedQueues()).orElse(List.of()).stream()
                .filter(queue -> !before.contains(queue.getClaim()))
                .forEach(queue -> new ExporterEvents(context.getClient(), clock).warning(exporter, RetainedQueues.CONDITION,
                        "claim " + queue.getClaim() + " holds " + queue.getBytes() + " bytes (" + queue.getItems()
                                + " items) that scaled-down pod " + queue.getPod() + " could not deliver; scaling back"
                                + " to include it delivers them"));
    }

    private static Optional<Condition> condition(OtlpExporterStatus status, String type) {
        return Optional.ofNullable(status).map(OtlpExporterStatus::getConditions).stream().flatMap(List::stream)
                .filter(condition -> type.equals(condition.getType())).findFirst();
    }

    private static UpdateControl<OtlpExporter> withStatus(OtlpExporter exporter, OtlpExporterStatus status) {
        if (sameStatus(exporter.getStatus(), status)) {
            return UpdateControl.noUpdate();
        }
        exporter.setStatus(status);
        return UpdateControl.patchStatus(exporter);
    }

    /**
     * Normal Events: the objects created, a new configuration rolling out, a renewed certificate.
     * A reconcile that starts before the last status write reached the cache sees the same change
     * again: it is reported once per exporter and configuration.
     */
    private void recordWhatHappened(OtlpExporter exporter, ExporterModel model, Context<OtlpExporter> context) {
        ExporterEvents events = new ExporterEvents(context.getClient(), clock);
        String previous = Optional.ofNullable(exporter.getStatus()).map(OtlpExporterStatus::getConfigHash).orElse(null);
        boolean firstReport = reportedConfig.changed(exporter.getMetadata().getUid(), model.configHash());
        if (previous == null && firstReport) {
            events.normal(exporter, "Created", "created the exporter's objects; pods of config " + model.configHash()
                    + " are starting");
        } else if (previous != null && !previous.equals(model.configHash()) && firstReport) {
            events.normal(exporter, "RollingOut", "the configuration changed (config " + previous + " to "
                    + model.configHash() + "): rolling out the pods");
        }
        if (model.certificateRenewed()) {
            events.normal(exporter, "CertificateRenewed", "renewed the receivers' certificate in Secret "
                    + ResourceNames.receiverTlsSecret(exporter.getMetadata().getName()) + "; the pods reload it without a restart");
        }
    }

    private static Workload workload(ExporterModel model, Context<OtlpExporter> context) {
        return switch (model.workloadKind()) {
            case DEPLOYMENT -> Workload.of(context.getSecondaryResource(Deployment.class).orElse(null));
            case STATEFUL_SET -> Workload.of(context.getSecondaryResource(StatefulSet.class).orElse(null));
            case DAEMON_SET -> Workload.of(context.getSecondaryResource(DaemonSet.class).orElse(null));
            case SIDECAR -> throw new IllegalArgumentException("a sidecar has no workload of its own");
        };
    }

    private static List<String> missingSecrets(Map<SecretReference, Optional<Secret>> referenced) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<SecretReference, Optional<Secret>> entry : referenced.entrySet()) {
            SecretReference reference = entry.getKey();
            Optional<Secret> secret = entry.getValue();
            if (secret.isEmpty()) {
                missing.add("Secret '" + reference.secretName() + "' referenced by " + reference.field() + " not found");
                continue;
            }
            for (String key : reference.keys()) {
                if (!hasKey(secret.get(), key)) {
                    missing.add("Secret '" + reference.secretName() + "' referenced by " + reference.field()
                            + " has no key '" + key + "'");
                }
            }
        }
        return missing;
    }

    private static boolean hasKey(Secret secret, String key) {
        return (secret.getData() != null && secret.getData().containsKey(key))
                || (secret.getStringData() != null && secret.getStringData().containsKey(key));
    }

    /**
     * Whether the monitoring CRDs exist (the PodMonitor's for a sidecar, the ServiceMonitor's otherwise), when
     * the spec asks for monitoring; empty when it does not.
     */
    private static Optional<Boolean> monitoring(ExporterModel model, Context<OtlpExporter> context) {
        if (!model.resolved().monitoring().wanted()) {
            return Optional.empty();
        }
        String monitors = model.workloadKind().ownPods() ? MonitoringCrds.SERVICE_MONITORS : MonitoringCrds.POD_MONITORS;
        return Optional.of(MonitoringCrdWatch.installed(context, monitors)
                && MonitoringCrdWatch.installed(context, MonitoringCrds.PROMETHEUS_RULES));
    }

    /** Whether the autoscaler can read its metrics, when the spec autoscales; read from the watches' caches. */
    private static Optional<ConditionState> autoscaling(ExporterModel model, Context<OtlpExporter> context) {
        return model.resolved().scaling().autoscaling().map(autoscaling -> AutoscalingCondition.of(autoscaling,
                ResourceNames.horizontalPodAutoscaler(model.name()), CustomMetricsApiWatch.state(context),
                MonitoringCrdWatch.installed(context, ScaledObject.CRD)));
    }

    private static boolean sameStatus(OtlpExporterStatus current, OtlpExporterStatus next) {
        return current != null && json(current).equals(json(next));
    }

    private static boolean sameReadyCondition(OtlpExporterStatus current, OtlpExporterStatus next) {
        return current != null && Objects.equals(ready(current), ready(next));
    }

    private static Optional<List<String>> ready(OtlpExporterStatus status) {
        return condition(status, ExporterStatuses.READY).map(c -> List.of(c.getStatus(), c.getReason(), c.getMessage()));
    }

    private static JsonNode json(OtlpExporterStatus status) {
        return KubernetesJson.MAPPER.valueToTree(status);
    }
}
