package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.QueuePersistenceSpec;
import dev.otlp.operator.api.QueuePersistenceType;
import dev.otlp.operator.api.QueueSpec;
import dev.otlp.runtime.config.Sizes;
import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.Optional;

/** Where a persistent queue ({@code spec.queue.persistence}) lives and how large it may grow. */
public final class QueueStorage {

    public static final long DEFAULT_SIZE_BYTES = 1L << 30;
    private static final long MIB = 1L << 20;

    private QueueStorage() {
    }

    public static Optional<QueuePersistenceSpec> persistence(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getQueue).map(QueueSpec::getPersistence);
    }

    /** Whether each replica keeps its queue on a claim of its own, so that the exporter runs as a StatefulSet. */
    public static boolean onClaims(OtlpExporter exporter) {
        return persistence(exporter).map(QueuePersistenceSpec::getType)
                .filter(type -> type == QueuePersistenceType.PERSISTENT_VOLUME_CLAIM).isPresent();
    }

    /** The volume's size in bytes: the spec's size may use the runtime's units (64MiB), which a Quantity does not read. */
    public static long volumeBytes(QueuePersistenceSpec persistence) {
        return bytes(persistence.getSize(), DEFAULT_SIZE_BYTES);
    }

    /**
     * What the runtime may write to the volume: its size less a tenth, for the file system and the
     * segment written past the bound, in whole MiB.
     */
    static long usableBytes(QueuePersistenceSpec persistence) {
        long usable = volumeBytes(persistence) / 10 * 9;
        return usable >= MIB ? usable / MIB * MIB : usable;
    }

    /** An int-or-string size: an integer is bytes, a string is read by the runtime's own {@link Sizes}. */
    public static long bytes(IntOrString size, long fallback) {
        if (size == null) {
            return fallback;
        }
        return size.getIntVal() != null ? size.getIntVal() : Sizes.parse(size.getStrVal());
    }
}
