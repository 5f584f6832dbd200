package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.StatefulSets;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** StatefulSet {@code X}: the runtime's pods when each keeps its queue on a claim of its own. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForStatefulSets.class))
public class StatefulSetDependent extends OwnedDependent<StatefulSet> {

    public StatefulSetDependent() {
        super(StatefulSet.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.statefulSet(exporter.getMetadata().getName());
    }

    @Override
    protected StatefulSet desired(ExporterModel model, Context<OtlpExporter> context) {
        StatefulSet actual = context.getSecondaryResource(StatefulSet.class).orElse(null);
        return StatefulSets.desired(model.resolved(), model.configHash(), actual);
    }
}
