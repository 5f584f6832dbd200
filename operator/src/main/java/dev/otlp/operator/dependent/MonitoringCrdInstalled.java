package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Activates the ServiceMonitor, PodMonitor and PrometheusRule dependents only once the Prometheus
 * Operator's CRDs exist; the CRD watch re-triggers every exporter when they are installed later.
 */
abstract class MonitoringCrdInstalled implements Condition<Object, OtlpExporter> {

    private final String crdName;

    MonitoringCrdInstalled(String crdName) {
        this.crdName = crdName;
    }

    @Override
    public boolean isMet(DependentResource<Object, OtlpExporter> dependent, OtlpExporter exporter,
                         Context<OtlpExporter> context) {
        return MonitoringCrdWatch.installed(context, crdName);
    }
}
