package dev.otlp.operator.render;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.QueuePersistenceSpec;
import dev.otlp.operator.api.QueuePersistenceType;
import dev.otlp.operator.api.QueueSpec;
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
    static final long DEFAULT_SIZE_BYTES = 1L << 30;

    private QueueVolume() {
    }

    static Optional<QueuePersistenceSpec> persistence(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(spec -> spec.getQueue()).map(QueueSpec::getPersistence);
    }

    /** Whether each replica keeps its queue on a claim of its own, so that the exporter runs as a StatefulSet. */
    public static boolean onClaims(OtlpExporter exporter) {
        return persistence(exporter).map(QueuePersistenceSpec::getType)
                .filter(type -> type == QueuePersistenceType.PERSISTENT_VOLUME_CLAIM).isPresent();
    }

    static Optional<VolumeMount> mount(OtlpExporter exporter) {
        return persistence(exporter).map(p -> new VolumeMountBuilder().withName(NAME).withMountPath(MountPaths.QUEUE_DIR).build());
    }

    /** The pod's emptyDir, for type emptyDir. */
    static Optional<Volume> emptyDir(OtlpExporter exporter) {
        return persistence(exporter).filter(p -> p.getType() == QueuePersistenceType.EMPTY_DIR)
                .map(p -> new VolumeBuilder().withName(NAME)
                        .withNewEmptyDir().withSizeLimit(size(p)).endEmptyDir()
                        .build());
    }

    /** The StatefulSet's claim template, for type persistentVolumeClaim. */
    static Optional<PersistentVolumeClaim> claimTemplate(OtlpExporter exporter) {
        return persistence(exporter).filter(p -> p.getType() == QueuePersistenceType.PERSISTENT_VOLUME_CLAIM)
                .map(p -> new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(NAME).withLabels(Labels.common(exporter.getMetadata().getName())).endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName(p.getStorageClassName())
                        .withNewResources().withRequests(Map.of("storage", size(p))).endResources()
                        .endSpec()
                        .build());
    }

    /** In bytes: the spec's size may use the runtime's units (64MiB), which a Quantity does not read. */
    private static Quantity size(QueuePersistenceSpec persistence) {
        return new Quantity(Long.toString(RuntimeConfigFactory.bytes(persistence.getSize(), DEFAULT_SIZE_BYTES)));
    }
}
