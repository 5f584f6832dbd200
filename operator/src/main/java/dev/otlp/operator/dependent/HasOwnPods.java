package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;

/** The exporter runs pods of its own, behind its Service; a sidecar lives in the applications' pods instead. */
public class HasOwnPods extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.workloadKind().ownPods();
    }
}
