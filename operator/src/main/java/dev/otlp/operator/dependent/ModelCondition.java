package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ResolvedExporter;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * A dependent's reconcile precondition, decided on the reconcile's model ({@link ModelOfReconcile}), where every
 * default of the spec is resolved, never on the resource itself.
 */
abstract class ModelCondition implements Condition<Object, OtlpExporter> {

    @Override
    public final boolean isMet(DependentResource<Object, OtlpExporter> dependent, OtlpExporter exporter,
                               Context<OtlpExporter> context) {
        return isMet(ModelOfReconcile.of(context).resolved());
    }

    protected abstract boolean isMet(ResolvedExporter exporter);
}
