package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.monitoring.MonitoringCrds;
import dev.otlp.operator.monitoring.PrometheusRules;
import dev.otlp.operator.reconciler.DesiredExporter;
import dev.otlp.operator.render.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** PrometheusRule {@code X-alerts}: alerts on the runtime's own metrics. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PrometheusRuleDependent extends GenericKubernetesDependentResource<OtlpExporter>
        implements Creator<GenericKubernetesResource, OtlpExporter>, Updater<GenericKubernetesResource, OtlpExporter>,
        GarbageCollected<OtlpExporter> {

    public PrometheusRuleDependent() {
        super(MonitoringCrds.PROMETHEUS_RULE);
    }

    @Override
    protected GenericKubernetesResource desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        return PrometheusRules.forExporter(exporter.getMetadata().getName(), exporter.getMetadata().getNamespace(),
                DesiredExporter.of(context).alertThresholds(), Labels.common(exporter.getMetadata().getName()));
    }
}
