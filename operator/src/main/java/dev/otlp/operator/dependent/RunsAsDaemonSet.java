package dev.otlp.operator.dependent;

import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.WorkloadKind;

/** spec.mode daemonset: one pod per node, and no other workload exists. */
public class RunsAsDaemonSet extends ModelCondition {

    @Override
    protected boolean isMet(ResolvedExporter exporter) {
        return exporter.workloadKind() == WorkloadKind.DAEMON_SET;
    }
}
