package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.MountPaths;
import dev.otlp.operator.model.PersistentQueue;
import dev.otlp.operator.model.ResolvedExporter;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import java.util.Map;
import java.util.Optional;

/**
 * The volume of a persistent queue ({@code spec.queue.persistence}): an emptyDir in the pod, or a
 * claim per replica from the StatefulSet's volumeClaimTemplate, mounted at {@link MountPaths#QUEUE_DIR}.
 */
public final class QueueVolume {

    static final String NAME = "queue";

    private QueueVolume() {
    }

    static Optional<VolumeMount> mount(ResolvedExporter exporter) {
        return exporter.pods().queue()
                .map(queue -> new VolumeMountBuilder().withName(NAME).withMountPath(MountPaths.QUEUE_DIR).build());
    }

    /** The pod's emptyDir, for a queue that is not on claims. */
    static Optional<Volume> emptyDir(ResolvedExporter exporter) {
        return exporter.pods().queue().filter(queue -> !queue.onClaims())
                .map(queue -> new VolumeBuilder().withName(NAME)
                        .withNewEmptyDir().withSizeLimit(size(queue)).endEmptyDir()
                        .build());
    }

    /** The StatefulSet's claim template, for a queue on claims. */
    static Optional<PersistentVolumeClaim> claimTemplate(ResolvedExporter exporter) {
        return exporter.pods().queue().filter(PersistentQueue::onClaims)
                .map(queue -> new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(NAME).withLabels(Labels.common(exporter.name())).endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName(queue.storageClassName())
                        .withNewResources().withRequests(Map.of("storage", size(queue))).endResources()
                        .endSpec()
                        .build());
    }

    private static Quantity size(PersistentQueue queue) {
        return new Quantity(Long.toString(queue.sizeBytes()));
    }
}
