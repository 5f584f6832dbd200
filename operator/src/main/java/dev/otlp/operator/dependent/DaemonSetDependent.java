package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.DaemonSets;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** DaemonSet {@code X}: the runtime's pods as node agents, one per node. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForDaemonSets.class))
public class DaemonSetDependent extends OwnedDependent<DaemonSet> {

    public DaemonSetDependent() {
        super(DaemonSet.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.daemonSet(exporter.getMetadata().getName());
    }

    @Override
    protected DaemonSet desired(ExporterModel model, Context<OtlpExporter> context) {
        DaemonSet actual = context.getSecondaryResource(DaemonSet.class).orElse(null);
        return DaemonSets.desired(model.resolved(), model.configHash(), actual);
    }
}
