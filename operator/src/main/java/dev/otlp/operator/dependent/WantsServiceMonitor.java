package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** {@code monitoring.serviceMonitor.enabled}. */
public class WantsServiceMonitor extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.monitoring().serviceMonitor().isPresent();
    }
}
