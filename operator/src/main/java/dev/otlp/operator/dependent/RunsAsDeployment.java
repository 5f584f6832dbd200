package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.WorkloadKind;

/** The default: the pods run as a Deployment, and no other workload exists. */
public class RunsAsDeployment extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.workloadKind() == WorkloadKind.DEPLOYMENT;
    }
}
