package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.WorkloadKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The default: the pods run as a Deployment, and no other workload exists. */
public class RunsAsDeployment implements Condition<Object, OtlpExporter> {

    @Override
    public boolean isMet(DependentResource<Object, OtlpExporter> dependent, OtlpExporter exporter,
                         Context<OtlpExporter> context) {
        return WorkloadKind.of(exporter) == WorkloadKind.DEPLOYMENT;
    }
}
