package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.WorkloadKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The exporter runs pods of its own, behind its Service; a sidecar lives in the applications' pods instead. */
public class HasOwnPods implements Condition<Object, OtlpExporter> {

    @Override
    public boolean isMet(DependentResource<Object, OtlpExporter> dependent, OtlpExporter exporter,
                         Context<OtlpExporter> context) {
        return WorkloadKind.of(exporter).ownPods();
    }
}
