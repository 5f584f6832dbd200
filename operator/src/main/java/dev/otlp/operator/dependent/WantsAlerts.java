package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** {@code monitoring.alerts.enabled}. */
public class WantsAlerts extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.monitoring().alerts().isPresent();
    }
}
