package dev.otlp.operator.dependent;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Deployments;
import dev.otlp.operator.render.RuntimeContainer;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An informer's cache that keeps each object without what the operator never reads, so that its
 * memory grows with what the reconciler compares and not with what the API server sends: every
 * object loses {@code metadata.managedFields} and kubectl's last-applied-configuration annotation,
 * and each kind its status or the part of it that {@code status.Workload} and the injected-pods
 * count do not read. JOSDK's matchers never compare status and compare only what the desired
 * object sets, which neither of these is, so a trimmed object matches exactly when the whole one did.
 * The object is trimmed in place as the informer stores it, before its event handlers see it, and
 * kept compressed ({@link CompressedItemStore}).
 */
public class TrimmedStore<R extends HasMetadata> extends CompressedItemStore<R> {

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final Set<String> FAILURE_CONDITIONS = Set.of("Progressing", "ReplicaFailure");

    private final Consumer<R> trimKind;

    protected TrimmedStore(Consumer<R> trimKind) {
        this.trimKind = trimKind;
    }

    @Override
    public R put(String key, R object) {
        trimMetadata(object.getMetadata());
        trimKind.accept(object);
        return super.put(key, object);
    }

    private static void trimMetadata(ObjectMeta metadata) {
        metadata.setManagedFields(null);
        if (metadata.getAnnotations() != null) {
            metadata.getAnnotations().remove(LAST_APPLIED);
        }
    }

    private static DeploymentCondition withoutTimes(DeploymentCondition condition) {
        DeploymentCondition kept = new DeploymentCondition();
        kept.setType(condition.getType());
        kept.setStatus(condition.getStatus());
        kept.setReason(condition.getReason());
        kept.setMessage(condition.getMessage());
        return kept;
    }

    /**
     * Objects the operator reads whole but for their metadata's bookkeeping: the exporters (whose status each
     * reconcile compares with the next), ConfigMaps, Secrets, ServiceAccounts, NetworkPolicies and monitors.
     */
    public static final class ForMetadataOnly extends TrimmedStore<HasMetadata> {
        public ForMetadataOnly() {
            super(object -> { });
        }
    }

    public static final class ForServices extends TrimmedStore<Service> {
        public ForServices() {
            super(service -> service.setStatus(null));
        }
    }

    public static final class ForPodDisruptionBudgets extends TrimmedStore<PodDisruptionBudget> {
        public ForPodDisruptionBudgets() {
            super(budget -> budget.setStatus(null));
        }
    }

    public static final class ForHorizontalPodAutoscalers extends TrimmedStore<HorizontalPodAutoscaler> {
        public ForHorizontalPodAutoscalers() {
            super(autoscaler -> autoscaler.setStatus(null));
        }
    }

    /** Only whether the custom metrics APIService exists, and its Available condition, are read. */
    public static final class ForApiServices extends TrimmedStore<APIService> {
        public ForApiServices() {
            super(apiService -> {
                apiService.setSpec(null);
                Optional.ofNullable(apiService.getStatus()).ifPresent(status -> status.setConditions(
                        Optional.ofNullable(status.getConditions()).stream().flatMap(List::stream)
                                .filter(condition -> "Available".equals(condition.getType())).toList()));
            });
        }
    }

    /** Only whether each of the monitoring CRDs exists is read. */
    public static final class ForCustomResourceDefinitions extends TrimmedStore<CustomResourceDefinition> {
        public ForCustomResourceDefinitions() {
            super(crd -> {
                crd.setSpec(null);
                crd.setStatus(null);
            });
        }
    }

    /** The replica counts, observed generation and rollout failure that {@code status.Workload} reads. */
    public static final class ForDeployments extends TrimmedStore<Deployment> {
        public ForDeployments() {
            super(deployment -> Optional.ofNullable(deployment.getStatus()).ifPresent(status -> {
                DeploymentStatus kept = new DeploymentStatus();
                kept.setReplicas(status.getReplicas());
                kept.setReadyReplicas(status.getReadyReplicas());
                kept.setUpdatedReplicas(status.getUpdatedReplicas());
                kept.setObservedGeneration(status.getObservedGeneration());
                kept.setConditions(Optional.ofNullable(status.getConditions()).stream().flatMap(List::stream)
                        .filter(condition -> FAILURE_CONDITIONS.contains(condition.getType()))
                        .map(TrimmedStore::withoutTimes)
                        .toList());
                deployment.setStatus(kept);
            }));
        }
    }

    public static final class ForStatefulSets extends TrimmedStore<StatefulSet> {
        public ForStatefulSets() {
            super(statefulSet -> Optional.ofNullable(statefulSet.getStatus()).ifPresent(status -> {
                StatefulSetStatus kept = new StatefulSetStatus();
                kept.setReplicas(status.getReplicas());
                kept.setReadyReplicas(status.getReadyReplicas());
                kept.setUpdatedReplicas(status.getUpdatedReplicas());
                kept.setObservedGeneration(status.getObservedGeneration());
                statefulSet.setStatus(kept);
            }));
        }
    }

    public static final class ForDaemonSets extends TrimmedStore<DaemonSet> {
        public ForDaemonSets() {
            super(daemonSet -> Optional.ofNullable(daemonSet.getStatus()).ifPresent(status -> {
                DaemonSetStatus kept = new DaemonSetStatus();
                kept.setDesiredNumberScheduled(status.getDesiredNumberScheduled());
                kept.setCurrentNumberScheduled(status.getCurrentNumberScheduled());
                kept.setNumberReady(status.getNumberReady());
                kept.setUpdatedNumberScheduled(status.getUpdatedNumberScheduled());
                kept.setObservedGeneration(status.getObservedGeneration());
                daemonSet.setStatus(kept);
            }));
        }
    }

    /**
     * The runtime pods of an exporter, reduced to what {@link OwnPods} maps and the reconciler reads: the instance
     * label, the config-hash annotation, the deletion timestamp, the phase and address, how the config check
     * init container ended, and how the runtime container ended once it has (its termination message says what a
     * persistent queue kept).
     */
    public static final class ForOwnPods extends TrimmedStore<Pod> {
        public ForOwnPods() {
            super(pod -> {
                trimPod(pod, Labels.INSTANCE);
                pod.setStatus(Optional.ofNullable(pod.getStatus()).map(ForOwnPods::keptStatus).orElse(null));
            });
        }

        private static PodStatus keptStatus(PodStatus status) {
            PodStatus kept = new PodStatus();
            kept.setPhase(status.getPhase());
            kept.setPodIP(status.getPodIP());
            kept.setInitContainerStatuses(Optional.ofNullable(status.getInitContainerStatuses()).orElse(List.of()).stream()
                    .filter(init -> RuntimeContainer.CONFIG_CHECK_CONTAINER.equals(init.getName()))
                    .map(ForOwnPods::keptCheck)
                    .toList());
            kept.setContainerStatuses(Optional.ofNullable(status.getContainerStatuses()).orElse(List.of()).stream()
                    .filter(runtime -> RuntimeContainer.Placement.OWN_PODS.containerName().equals(runtime.getName()))
                    .filter(runtime -> runtime.getState() != null && runtime.getState().getTerminated() != null)
                    .map(ForOwnPods::keptEnd)
                    .toList());
            return kept;
        }

        private static ContainerStatus keptEnd(ContainerStatus runtime) {
            ContainerStatus kept = new ContainerStatus();
            kept.setName(runtime.getName());
            kept.setState(terminatedOnly(runtime.getState()));
            kept.getState().getTerminated().setFinishedAt(runtime.getState().getTerminated().getFinishedAt());
            return kept;
        }

        private static ContainerStatus keptCheck(ContainerStatus check) {
            ContainerStatus kept = new ContainerStatus();
            kept.setName(check.getName());
            kept.setImage(check.getImage());
            kept.setState(terminatedOnly(check.getState()));
            kept.setLastState(terminatedOnly(check.getLastState()));
            return kept;
        }

        private static ContainerState terminatedOnly(ContainerState state) {
            if (state == null || state.getTerminated() == null) {
                return null;
            }
            ContainerStateTerminated terminated = new ContainerStateTerminated();
            terminated.setExitCode(state.getTerminated().getExitCode());
            terminated.setMessage(state.getTerminated().getMessage());
            ContainerState kept = new ContainerState();
            kept.setTerminated(terminated);
            return kept;
        }
    }

    /**
     * Injected pods, reduced to what {@link InjectedPods} counts and maps: identity and version, the
     * sidecar-of label, the config-hash annotation, the deletion timestamp and the phase.
     */
    public static final class ForInjectedPods extends TrimmedStore<Pod> {
        public ForInjectedPods() {
            super(pod -> {
                trimPod(pod, Labels.SIDECAR_OF);
                pod.setStatus(Optional.ofNullable(pod.getStatus()).map(PodStatus::getPhase)
                        .map(phase -> {
                            PodStatus kept = new PodStatus();
                            kept.setPhase(phase);
                            return kept;
                        }).orElse(null));
            });
        }
    }

    /** A pod without its spec, and its metadata without what neither pod informer reads. */
    private static void trimPod(Pod pod, String keptLabel) {
        ObjectMeta metadata = pod.getMetadata();
        metadata.setLabels(only(metadata.getLabels(), keptLabel));
        metadata.setAnnotations(only(metadata.getAnnotations(), Deployments.CONFIG_HASH_ANNOTATION));
        metadata.setOwnerReferences(null);
        metadata.setFinalizers(null);
        metadata.setGenerateName(null);
        pod.setSpec(null);
    }

    private static Map<String, String> only(Map<String, String> values, String key) {
        return values == null ? null : values.entrySet().stream().filter(entry -> entry.getKey().equals(key))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
