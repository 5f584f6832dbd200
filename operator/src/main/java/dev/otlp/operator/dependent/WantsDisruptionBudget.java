package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** More than one pod runs or may run, in a workload that scales. */
public class WantsDisruptionBudget extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.scaling().disruptionBudget().isPresent();
    }
}
