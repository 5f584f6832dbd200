package dev.otlp.operator.validation;

import dev.otlp.operator.api.NetworkPolicySource;
import dev.otlp.operator.api.NetworkPolicySpec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.QueuePersistenceSpec;
import dev.otlp.operator.api.QueuePersistenceType;
import dev.otlp.operator.api.QueueSpec;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.model.WorkloadKind;
import java.util.List;
import java.util.Optional;

/**
 * The rules between fields that the CRD's CEL rules ({@link CrdRules}) do not state, each for the reason at its
 * method. Rules between settings of the runtime (batch sizes, connection pool bounds, retry delays) are not here
 * either: the runtime's own validator states them.
 */
final class CrossFieldRules {

    private CrossFieldRules() {
    }

    static void check(OtlpExporter exporter, List<SpecProblem> problems) {
        OtlpExporterSpec spec = exporter.getSpec();
        if (WorkloadKind.of(exporter) == WorkloadKind.DAEMON_SET) {
            claimsForADaemonSet(spec, problems);
        }
        Optional.ofNullable(spec.getNetworkPolicy()).map(NetworkPolicySpec::getAllowedSources).ifPresent(sources -> {
            for (int i = 0; i < sources.size(); i++) {
                NetworkPolicySource source = sources.get(i);
                if (source != null && source.getIpBlock() != null) {
                    IpBlockCheck.check(source.getIpBlock(), "spec.networkPolicy.allowedSources[" + i + "].ipBlock", problems);
                }
            }
        });
    }

    /**
     * A queue on claims makes a StatefulSet ({@link WorkloadKind}), which a DaemonSet cannot also be. Not a CEL rule of
     * the CRD: the API server stores such a resource, and the operator refuses it on its status.
     */
    private static void claimsForADaemonSet(OtlpExporterSpec spec, List<SpecProblem> problems) {
        Optional<QueuePersistenceType> type = Optional.ofNullable(spec.getQueue()).map(QueueSpec::getPersistence)
                .map(QueuePersistenceSpec::getType);
        if (type.filter(QueuePersistenceType.PERSISTENT_VOLUME_CLAIM::equals).isPresent()) {
            problems.add(new SpecProblem("spec.queue.persistence.type",
                    "persistentVolumeClaim needs mode statefulset; a DaemonSet may keep its queue on an emptyDir"));
        }
    }
}
