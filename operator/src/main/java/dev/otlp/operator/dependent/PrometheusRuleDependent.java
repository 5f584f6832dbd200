package dev.otlp.operator.dependent;

import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.monitoring.PrometheusRules;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * PrometheusRule {@code X-alerts}: alerts on the runtime's own metrics. Typed, so that its informer
 * can be prepared without API discovery while the CRD is still absent.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR, itemStore = TrimmedStore.ForMetadataOnly.class))
public class PrometheusRuleDependent extends OwnedDependent<PrometheusRule> {

    public PrometheusRuleDependent() {
        super(PrometheusRule.class);
    }

    @Override
    protected String name(OtlpExporter exporter) {
        return ResourceNames.alerts(exporter.getMetadata().getName());
    }

    @Override
    protected PrometheusRule desired(ExporterModel model, Context<OtlpExporter> context) {
        return KubernetesJson.MAPPER.convertValue(PrometheusRules.forExporter(model.name(),
                model.namespace(), model.workloadKind(), model.resolved().monitoring().alerts()
                        .orElseThrow(() -> new IllegalArgumentException("spec.monitoring.alerts is not enabled")),
                Labels.common(model.name())), PrometheusRule.class);
    }
}
