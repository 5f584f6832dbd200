package dev.otlp.operator.model;

import dev.otlp.operator.api.QueuePersistenceSpec;
import dev.otlp.operator.api.QueuePersistenceType;

/**
 * The volume of a persistent queue ({@code spec.queue.persistence}), resolved.
 *
 * @param onClaims         whether each replica keeps it on a claim of its own (a StatefulSet's volumeClaimTemplate)
 *                         rather than on an emptyDir of its pod
 * @param sizeBytes        the volume's size: the spec's, else {@link QueueStorage#DEFAULT_SIZE_BYTES}
 * @param storageClassName the claims' storage class; null for the cluster's default
 */
public record PersistentQueue(boolean onClaims, long sizeBytes, String storageClassName) {

    static PersistentQueue of(QueuePersistenceSpec persistence) {
        return new PersistentQueue(persistence.getType() == QueuePersistenceType.PERSISTENT_VOLUME_CLAIM,
                QueueStorage.volumeBytes(persistence), persistence.getStorageClassName());
    }
}
