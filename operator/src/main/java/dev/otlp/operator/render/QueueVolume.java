package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.QueuePersistenceSpec;
import dev.otlp.operator.api.QueuePersistenceType;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.MountPaths;
import dev.otlp.operator.model.QueueStorage;
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

    static Optional<VolumeMount> mount(OtlpExporter exporter) {
        return QueueStorage.persistence(exporter)
                .map(p -> new VolumeMountBuilder().withName(NAME).withMountPath(MountPaths.QUEUE_DIR).build());
    }

    /** The pod's emptyDir, for type emptyDir. */
    static Optional<Volume> emptyDir(OtlpExporter exporter) {
        return QueueStorage.persistence(exporter).filter(p -> p.getType() == QueuePersistenceType.EMPTY_DIR)
                .map(p -> new VolumeBuilder().withName(NAME)
                        .withNewEmptyDir().withSizeLimit(size(p)).endEmptyDir()
                        .build());
    }

    /** The StatefulSet's claim template, for type persistentVolumeClaim. */
    static Optional<PersistentVolumeClaim> claimTemplate(OtlpExporter exporter) {
        return QueueStorage.persistence(exporter).filter(p -> p.getType() == QueuePersistenceType.PERSISTENT_VOLUME_CLAIM)
                .map(p -> new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(NAME).withLabels(Labels.common(exporter.getMetadata().getName())).endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName(p.getStorageClassName())
                        .withNewResources().withRequests(Map.of("storage", size(p))).endResources()
                        .endSpec()
                        .build());
    }

    private static Quantity size(QueuePersistenceSpec persistence) {
        return new Quantity(Long.toString(QueueStorage.volumeBytes(persistence)));
    }
}
