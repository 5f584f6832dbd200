package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.Labels;
import dev.otlp.process.RetainedQueue;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime pods of the exporters that run their own (Deployment, StatefulSet, DaemonSet), found by the labels
 * every one of them carries, so that a reconcile reads them from a cache instead of listing them from the API
 * server. Each is cached as what the upstream probe, the config-refusal check and the retained-queue report read
 * ({@link TrimmedStore.ForOwnPods}); a change of that (an address, a phase, a refused check, an exit) reconciles
 * its exporter, and nothing else of a pod does.
 */
public final class OwnPods {

    static final String NAME = "own-pods";
    private static final String SELECTOR = Labels.NAME + "=" + Labels.NAME_VALUE + "," + Labels.MANAGED_SELECTOR;

    private OwnPods() {
    }

    public static InformerEventSource<Pod, OtlpExporter> eventSource(EventSourceContext<OtlpExporter> context) {
        var configuration = InformerEventSourceConfiguration.from(Pod.class, OtlpExporter.class)
                .withName(NAME)
                .withLabelSelector(SELECTOR)
                .withItemStore(new TrimmedStore.ForOwnPods())
                .withOnUpdateFilter(OwnPods::changedWhatIsRead)
                .withSecondaryToPrimaryMapper(OwnPods::exporterOf)
                .build();
        return new RememberingRetainedQueues(configuration, context);
    }

    /**
     * The exporter's pods, as the operator's cache has them now, and the last state of each deleted one whose runtime
     * left data on its queue claim, until a pod of that name runs again.
     */
    public static List<Pod> of(OtlpExporter exporter, Context<OtlpExporter> context) {
        var pods = (RememberingRetainedQueues) context.eventSourceRetriever().<Pod>getEventSourceFor(Pod.class, NAME);
        List<Pod> live = List.copyOf(pods.getSecondaryResources(exporter));
        List<Pod> all = new ArrayList<>(live);
        all.addAll(pods.deletedLeavingData(ResourceID.fromResource(exporter)));
        return all;
    }

    /**
     * A pod's termination message, which names the bytes its persistent queue kept, is readable only between the
     * runtime's exit and the pod's deletion, and a reconcile may run after both: the last state of such a pod is kept
     * here from its deletion until a pod of the same name (the same StatefulSet replica) is added again.
     */
    private static final class RememberingRetainedQueues extends InformerEventSource<Pod, OtlpExporter> {

        private final Map<ResourceID, Map<String, Pod>> deletedLeavingData = new ConcurrentHashMap<>();

        RememberingRetainedQueues(InformerEventSourceConfiguration<Pod> configuration, EventSourceContext<OtlpExporter> context) {
            super(configuration, context);
        }

        @Override
        public void onAdd(Pod pod) {
            exporterOf(pod).forEach(exporter -> Optional.ofNullable(deletedLeavingData.get(exporter))
                    .ifPresent(deleted -> deleted.remove(pod.getMetadata().getName())));
            super.onAdd(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            if (leftData(pod)) {
                exporterOf(pod).forEach(exporter -> deletedLeavingData.computeIfAbsent(exporter, any -> new ConcurrentHashMap<>())
                        .put(pod.getMetadata().getName(), pod));
            }
            super.onDelete(pod, deletedFinalStateUnknown);
        }

        Collection<Pod> deletedLeavingData(ResourceID exporter) {
            return deletedLeavingData.getOrDefault(exporter, Map.of()).values();
        }

        private static boolean leftData(Pod pod) {
            return Optional.ofNullable(pod.getStatus()).map(PodStatus::getContainerStatuses).orElse(List.of()).stream()
                    .map(ContainerStatus::getState)
                    .filter(state -> state != null && state.getTerminated() != null)
                    .anyMatch(state -> RetainedQueue.parse(state.getTerminated().getMessage()).isPresent());
        }
    }

    private static Set<ResourceID> exporterOf(Pod pod) {
        String exporter = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Labels.INSTANCE);
        return exporter == null ? Set.of() : Set.of(new ResourceID(exporter, pod.getMetadata().getNamespace()));
    }

    /** Both pods are trimmed already: what is left of them is what the operator reads. */
    private static boolean changedWhatIsRead(Pod updated, Pod previous) {
        return !Objects.equals(updated.getStatus(), previous.getStatus())
                || !Objects.equals(updated.getMetadata().getAnnotations(), previous.getMetadata().getAnnotations())
                || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), previous.getMetadata().getDeletionTimestamp());
    }
}
