package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.WorkloadKind;

/** spec.mode statefulset, or a queue on a claim per replica: the pods run as a StatefulSet, and no other workload exists. */
public class RunsAsStatefulSet extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.workloadKind() == WorkloadKind.STATEFUL_SET;
    }
}
