package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.WorkloadKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** spec.mode statefulset, or a queue on a claim per replica: the pods run as a StatefulSet, and no other workload exists. */
public class RunsAsStatefulSet implements Condition<Object, OtlpExporter> {

    @Override
    public boolean isMet(DependentResource<Object, OtlpExporter> dependent, OtlpExporter exporter,
                         Context<OtlpExporter> context) {
        return WorkloadKind.of(exporter) == WorkloadKind.STATEFUL_SET;
    }
}
