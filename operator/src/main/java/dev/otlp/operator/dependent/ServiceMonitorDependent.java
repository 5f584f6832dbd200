package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.monitoring.MonitoringCrds;
import dev.otlp.operator.monitoring.ServiceMonitors;
import dev.otlp.operator.render.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ServiceMonitor {@code X}: Prometheus scrapes the runtime's {@code /metrics}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceMonitorDependent extends GenericKubernetesDependentResource<OtlpExporter>
        implements Creator<GenericKubernetesResource, OtlpExporter>, Updater<GenericKubernetesResource, OtlpExporter>,
        GarbageCollected<OtlpExporter> {

    public ServiceMonitorDependent() {
        super(MonitoringCrds.SERVICE_MONITOR);
    }

    @Override
    protected GenericKubernetesResource desired(OtlpExporter exporter, Context<OtlpExporter> context) {
        var options = exporter.getSpec().getMonitoring().getServiceMonitor();
        return ServiceMonitors.forExporter(exporter.getMetadata().getName(), exporter.getMetadata().getNamespace(),
                options.getInterval(), Labels.common(exporter.getMetadata().getName()));
    }
}
