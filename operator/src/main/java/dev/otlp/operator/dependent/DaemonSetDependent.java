package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.reconciler.DesiredExporter;
import dev.otlp.operator.render.DaemonSetModel;
import dev.otlp.operator.render.Labels;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** DaemonSet {@code X}: the runtime's pods as node agents, one per node. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DaemonSetDependent extends OwnedDependent<DaemonSet> {

    public DaemonSetDependent() {
        super(DaemonSet.class);
    }

    @Override
    protected DaemonSet desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        DesiredExporter desired = DesiredExporter.of(context);
        DaemonSet actual = context.getSecondaryResource(DaemonSet.class).orElse(null);
        return DaemonSetModel.desired(exporter, desired.image(), desired.configHash(), desired.config(), actual);
    }
}
