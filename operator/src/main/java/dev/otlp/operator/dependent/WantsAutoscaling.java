package dev.otlp.operator.dependent;

import dev.otlp.operator.api.AutoscalingEngine;
import dev.otlp.operator.model.ResolvedExporter;

/** {@code spec.autoscaling} with engine hpa: a HorizontalPodAutoscaler owns the replica count. */
public class WantsAutoscaling extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.scaling().autoscaling().filter(autoscaling -> autoscaling.engine() == AutoscalingEngine.HPA)
                .isPresent();
    }
}
