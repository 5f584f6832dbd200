package dev.otlp.operator.dependent;

import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.Monitoring;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.monitoring.ServiceMonitors;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * ServiceMonitor {@code X}: Prometheus scrapes the runtime's {@code /metrics}. Typed, so that its
 * informer can be prepared without API discovery while the CRD is still absent.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class ServiceMonitorDependent extends OwnedDependent<ServiceMonitor> {

    public ServiceMonitorDependent() {
        super(ServiceMonitor.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.serviceMonitor(exporter.getMetadata().getName());
    }

    @Override
    protected ServiceMonitor desired(ExporterModel model, Context<OtlpExporter> context) {
        Monitoring.Scrape scrape = model.resolved().monitoring().serviceMonitor()
                .orElseThrow(() -> new IllegalArgumentException("spec.monitoring.serviceMonitor is not enabled"));
        return KubernetesJson.MAPPER.convertValue(ServiceMonitors.forExporter(model.name(),
                model.namespace(), scrape.interval(),
                Labels.common(model.name())), ServiceMonitor.class);
    }
}
