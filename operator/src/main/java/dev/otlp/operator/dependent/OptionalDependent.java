package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * An object the spec can switch off. It is found by name: JOSDK otherwise computes
 * {@code desired()} to find the object it deletes, and there is no desired state once the spec no
 * longer asks for it (nor, for a generated Secret, among the user's Secrets the exporter references).
 */
abstract class OptionalDependent<R extends HasMetadata> extends OwnedDependent<R> {

    OptionalDependent(Class<R> type) {
        super(type);
    }

    protected abstract String name(OtlpExporter exporter);

    @Override
    protected ResourceID targetSecondaryResourceID(OtlpExporter exporter, Context<OtlpExporter> context) {
        return new ResourceID(name(exporter), exporter.getMetadata().getNamespace());
    }
}
