package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** {@code monitoring.podMonitor.enabled}. */
public class WantsPodMonitor extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.monitoring().podMonitor().isPresent();
    }
}
