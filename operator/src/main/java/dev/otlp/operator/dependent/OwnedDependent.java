package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

import java.util.List;

/**
 * An object the exporter controls: its one owner reference names the exporter as its controller
 * and blocks the exporter's foreground deletion until the object is gone, so that
 * {@code kubectl delete --cascade=foreground} and tools that follow controller references
 * ({@code kubectl describe}, Argo CD, the garbage collector) see whose it is.
 */
abstract class OwnedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, OtlpExporter> {

    OwnedDependent(Class<R> type) {
        super(type);
    }

    /** The object as the reconcile's model wants it. */
    protected abstract R desired(ExporterModel model, Context<OtlpExporter> context);

    @Override
    protected final R desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        return desired(ModelOfReconcile.of(context), context);
    }

    @Override
    protected void addReferenceHandlingMetadata(R target, OtlpExporter exporter) {
        target.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(exporter.getApiVersion())
                .withKind(exporter.getKind())
                .withName(exporter.getMetadata().getName())
                .withUid(exporter.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build()));
    }
}
