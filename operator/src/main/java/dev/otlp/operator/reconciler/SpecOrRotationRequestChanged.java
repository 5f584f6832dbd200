package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.secrets.ReceiverApiKeys;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

import java.util.Objects;
import java.util.Optional;

/**
 * The updates of an exporter that call for a reconcile: a new spec (its generation), a new receiver key rotation
 * request (an annotation, which leaves the generation as it is), or its deletion. The operator's own status writes,
 * and any other metadata change, do not.
 */
public class SpecOrRotationRequestChanged implements OnUpdateFilter<OtlpExporter> {

    @Override
    public boolean accept(OtlpExporter newExporter, OtlpExporter oldExporter) {
        return !Objects.equals(newExporter.getMetadata().getGeneration(), oldExporter.getMetadata().getGeneration())
                || !rotationRequest(newExporter).equals(rotationRequest(oldExporter))
                || newExporter.isMarkedForDeletion();
    }

    private static Optional<String> rotationRequest(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getMetadata()).map(ObjectMeta::getAnnotations)
                .map(annotations -> annotations.get(ReceiverApiKeys.ROTATE_ANNOTATION));
    }
}
