package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The runtime pods of the exporters that run their own (Deployment, StatefulSet, DaemonSet), found by the labels
 * every one of them carries, so that a reconcile reads them from a cache instead of listing them from the API
 * server. Each is cached as what the upstream probe and the config-refusal check read
 * ({@link TrimmedStore.ForOwnPods}); a change of that (an address, a phase, a refused check) reconciles its
 * exporter, and nothing else of a pod does.
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
        return new InformerEventSource<>(configuration, context);
    }

    /** The exporter's pods, as the operator's cache has them now. */
    public static List<Pod> of(OtlpExporter exporter, Context<OtlpExporter> context) {
        return List.copyOf(context.eventSourceRetriever().getEventSourceFor(Pod.class, NAME).getSecondaryResources(exporter));
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
