package dev.otlp.operator.status;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

import java.util.List;
import java.util.Optional;

/**
 * What the exporter's Deployment, StatefulSet or DaemonSet says about its pods, as the status needs it.
 *
 * @param kind            {@code Deployment}, {@code StatefulSet} or {@code DaemonSet}
 * @param exists          whether the workload exists yet
 * @param wanted          replicas its spec asks for
 * @param total           pods it has
 * @param ready           ready pods
 * @param updated         pods of the current template
 * @param observedCurrent whether its controller has seen its current generation
 * @param failure         a rollout failure its controller reports: reason and message
 */
public record Workload(String kind, boolean exists, int wanted, int total, int ready, int updated,
                       boolean observedCurrent, Optional<List<String>> failure) {

    public static Workload of(Deployment deployment) {
        if (deployment == null) {
            return missing("Deployment");
        }
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        Optional<List<String>> failure = Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(c -> ("Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
                        || ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())))
                .findFirst()
                .map((DeploymentCondition c) -> List.of(c.getReason(), c.getMessage()));
        return new Workload("Deployment", true, wanted(deployment.getSpec().getReplicas()), orZero(status.getReplicas()),
                orZero(status.getReadyReplicas()), orZero(status.getUpdatedReplicas()),
                current(status.getObservedGeneration(), deployment.getMetadata().getGeneration()), failure);
    }

    public static Workload of(StatefulSet statefulSet) {
        if (statefulSet == null) {
            return missing("StatefulSet");
        }
        StatefulSetStatus status = Optional.ofNullable(statefulSet.getStatus()).orElseGet(StatefulSetStatus::new);
        return new Workload("StatefulSet", true, wanted(statefulSet.getSpec().getReplicas()), orZero(status.getReplicas()),
                orZero(status.getReadyReplicas()), orZero(status.getUpdatedReplicas()),
                current(status.getObservedGeneration(), statefulSet.getMetadata().getGeneration()), Optional.empty());
    }

    public static Workload of(DaemonSet daemonSet) {
        if (daemonSet == null) {
            return missing("DaemonSet");
        }
        DaemonSetStatus status = Optional.ofNullable(daemonSet.getStatus()).orElseGet(DaemonSetStatus::new);
        return new Workload("DaemonSet", true, orZero(status.getDesiredNumberScheduled()),
                orZero(status.getCurrentNumberScheduled()), orZero(status.getNumberReady()),
                orZero(status.getUpdatedNumberScheduled()),
                current(status.getObservedGeneration(), daemonSet.getMetadata().getGeneration()), Optional.empty());
    }

    /** This workload, failing with {@code failure} when there is one: a cause found in its pods says more than the controller's. */
    public Workload failingWith(Optional<List<String>> failure) {
        return new Workload(kind, exists, wanted, total, ready, updated, observedCurrent, failure.or(() -> this.failure));
    }

    private static Workload missing(String kind) {
        return new Workload(kind, false, 1, 0, 0, 0, false, Optional.empty());
    }

    private static boolean current(Long observed, Long generation) {
        return observed != null && observed >= (generation == null ? 0 : generation);
    }

    private static int wanted(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
