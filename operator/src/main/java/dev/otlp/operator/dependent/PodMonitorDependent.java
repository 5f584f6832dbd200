package dev.otlp.operator.dependent;

import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.Monitoring;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.monitoring.PodMonitors;
import dev.otlp.operator.render.RuntimeContainer;
import dev.otlp.operator.render.Sidecars;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * PodMonitor {@code X} of a mode-sidecar exporter: Prometheus scrapes the runtime's {@code /metrics} in
 * the applications' pods it was injected into. Typed, so that its informer can be prepared without API
 * discovery while the CRD is still absent.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class PodMonitorDependent extends OwnedDependent<PodMonitor> {

    /** Where the runtime the webhook injects serves its metrics. */
    public static final PodMonitors.RuntimeEndpoint INJECTED_RUNTIME =
            new PodMonitors.RuntimeEndpoint(Sidecars.CONTAINER_NAME, RuntimeContainer.Placement.SIDECAR.ports().metrics());

    public PodMonitorDependent() {
        super(PodMonitor.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.podMonitor(exporter.getMetadata().getName());
    }

    @Override
    protected PodMonitor desired(ExporterModel model, Context<OtlpExporter> context) {
        Monitoring.Scrape scrape = model.resolved().monitoring().podMonitor()
                .orElseThrow(() -> new IllegalArgumentException("spec.monitoring.podMonitor is not enabled"));
        return KubernetesJson.MAPPER.convertValue(PodMonitors.forExporter(model.name(),
                model.namespace(), INJECTED_RUNTIME, scrape.interval(),
                Labels.common(model.name())), PodMonitor.class);
    }
}
