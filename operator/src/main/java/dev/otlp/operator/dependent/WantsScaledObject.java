package dev.otlp.operator.dependent;

import dev.otlp.operator.api.AutoscalingEngine;
import dev.otlp.operator.model.ResolvedExporter;

/** {@code spec.autoscaling} with engine keda: a KEDA ScaledObject (and the HPA KEDA makes of it) owns the replica count. */
public class WantsScaledObject extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.scaling().autoscaling().filter(autoscaling -> autoscaling.engine() == AutoscalingEngine.KEDA)
                .isPresent();
    }
}
