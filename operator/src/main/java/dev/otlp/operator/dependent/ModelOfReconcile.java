package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterModel;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Hands the reconcile's {@link ExporterModel} to the dependents through the workflow's context. */
public final class ModelOfReconcile {

    private static final String KEY = ExporterModel.class.getName();

    private ModelOfReconcile() {
    }

    public static void store(ExporterModel model, Context<OtlpExporter> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, model);
    }

    static ExporterModel of(Context<OtlpExporter> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ExporterModel.class);
    }
}
