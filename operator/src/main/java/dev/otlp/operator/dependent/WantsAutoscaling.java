package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** {@code spec.autoscaling}: a HorizontalPodAutoscaler owns the replica count. */
public class WantsAutoscaling extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.scaling().autoscaling().isPresent();
    }
}
