package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An object the exporter controls: its one owner reference names the exporter as its controller
 * and blocks the exporter's foreground deletion until the object is gone, so that
 * {@code kubectl delete --cascade=foreground} and tools that follow controller references
 * ({@code kubectl describe}, Argo CD, the garbage collector) see whose it is.
 *
 * <p>It is found by its name, which the exporter's name decides. So JOSDK needs neither the desired
 * object to find it (there is none once the spec no longer asks for it) nor an index from each
 * exporter to its objects (a few hundred bytes per exporter and informer, at fleet scale).
 */
abstract class OwnedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, OtlpExporter> {

    OwnedDependent(Class<R> type) {
        super(type);
    }

    /** The object's name, for this exporter. */
    protected abstract String name(OtlpExporter exporter);

    /** The object as the reconcile's model wants it. */
    protected abstract R desired(ExporterModel model, Context<OtlpExporter> context);

    /** The names of every object of this exporter that this dependent's informer holds (it may serve other dependents). */
    protected Set<String> namesInInformer(OtlpExporter exporter) {
        return Set.of(name(exporter));
    }

    @Override
    protected final R desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        return desired(ModelOfReconcile.of(context), context);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(OtlpExporter exporter, Context<OtlpExporter> context) {
        return new ResourceID(name(exporter), exporter.getMetadata().getNamespace());
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

    /** JOSDK's event source, as {@code super} builds it, with the objects of an exporter found by name. */
    @Override
    protected InformerEventSource<R, OtlpExporter> createEventSource(EventSourceContext<OtlpExporter> context) {
        PrimaryToSecondaryMapper<OtlpExporter> byName = exporter -> namesInInformer(exporter).stream()
                .map(name -> new ResourceID(name, exporter.getMetadata().getNamespace()))
                .collect(Collectors.toUnmodifiableSet());
        InformerEventSourceConfiguration.Builder<R> configuration = informerConfigurationBuilder(context)
                .withSecondaryToPrimaryMapper(getSecondaryToPrimaryMapper(context).orElseThrow())
                .withPrimaryToSecondaryMapper(byName)
                .withName(name());
        configuration().map(KubernetesDependentResourceConfig::informerConfig).ifPresent(configuration::updateFrom);
        InformerEventSource<R, OtlpExporter> eventSource = new StartedOnce<>(configuration.build(), context);
        setEventSource(eventSource);
        return eventSource;
    }

    /**
     * Starts once. JOSDK 5.2 starts the event source of a dependent with an activation condition again on every
     * reconcile, and each start reads the whole cache: a reconcile's cost grew with the fleet (fixed upstream in
     * java-operator-sdk 5.3.5, "eager informer start check", #3275).
     */
    private static final class StartedOnce<R extends HasMetadata> extends InformerEventSource<R, OtlpExporter> {

        StartedOnce(InformerEventSourceConfiguration<R> configuration, EventSourceContext<OtlpExporter> context) {
            super(configuration, context);
        }

        @Override
        public synchronized void start() {
            if (!isRunning()) {
                super.start();
            }
        }
    }
}
