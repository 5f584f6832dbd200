package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.render.PodDisruptionBudgets;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

public class WantsDisruptionBudget implements Condition<Object, OtlpExporter> {

    @Override
    public boolean isMet(DependentResource<Object, OtlpExporter> dependent, OtlpExporter exporter,
                         Context<OtlpExporter> context) {
        return PodDisruptionBudgets.wanted(exporter);
    }
}
