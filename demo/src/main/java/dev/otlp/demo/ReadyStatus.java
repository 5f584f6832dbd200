package dev.otlp.demo;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The status a workload's controller writes once every pod of its current generation is up and
 * ready: the fields {@code kubectl rollout status} and the operator's {@code Workload} read.
 *
 * @param <T> Deployment, StatefulSet or DaemonSet
 */
interface ReadyStatus<T> {

    /** The demo cluster has one node: a DaemonSet schedules one pod. */
    int DEMO_NODES = 1;

    boolean isReady(T workload);

    void writeReady(T workload);

    ReadyStatus<Deployment> DEPLOYMENT = new ReadyStatus<>() {
        @Override
        public boolean isReady(Deployment deployment) {
            DeploymentStatus status = deployment.getStatus();
            int wanted = replicas(deployment.getSpec().getReplicas());
            return status != null
                    && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
                    && Objects.equals(status.getReplicas(), wanted)
                    && Objects.equals(status.getUpdatedReplicas(), wanted)
                    && Objects.equals(status.getReadyReplicas(), wanted)
                    && Objects.equals(status.getAvailableReplicas(), wanted);
        }

        @Override
        public void writeReady(Deployment deployment) {
            int wanted = replicas(deployment.getSpec().getReplicas());
            String now = now();
            deployment.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(deployment.getMetadata().getGeneration())
                    .withReplicas(wanted)
                    .withUpdatedReplicas(wanted)
                    .withReadyReplicas(wanted)
                    .withAvailableReplicas(wanted)
                    .withConditions(condition("Available", "MinimumReplicasAvailable", now),
                            condition("Progressing", "NewReplicaSetAvailable", now))
                    .build());
        }

        private DeploymentCondition condition(String type, String reason, String now) {
            return new DeploymentConditionBuilder().withType(type).withStatus("True").withReason(reason)
                    .withLastTransitionTime(now).withLastUpdateTime(now).build();
        }
    };

    ReadyStatus<StatefulSet> STATEFUL_SET = new ReadyStatus<>() {
        @Override
        public boolean isReady(StatefulSet statefulSet) {
            StatefulSetStatus status = statefulSet.getStatus();
            int wanted = replicas(statefulSet.getSpec().getReplicas());
            return status != null
                    && Objects.equals(status.getObservedGeneration(), statefulSet.getMetadata().getGeneration())
                    && Objects.equals(status.getReplicas(), wanted)
                    && Objects.equals(status.getUpdatedReplicas(), wanted)
                    && Objects.equals(status.getReadyReplicas(), wanted)
                    && Objects.equals(status.getUpdateRevision(), revision(statefulSet));
        }

        @Override
        public void writeReady(StatefulSet statefulSet) {
            int wanted = replicas(statefulSet.getSpec().getReplicas());
            String revision = revision(statefulSet);
            statefulSet.setStatus(new StatefulSetStatusBuilder()
                    .withObservedGeneration(statefulSet.getMetadata().getGeneration())
                    .withReplicas(wanted)
                    .withCurrentReplicas(wanted)
                    .withUpdatedReplicas(wanted)
                    .withReadyReplicas(wanted)
                    .withAvailableReplicas(wanted)
                    .withCurrentRevision(revision)
                    .withUpdateRevision(revision)
                    .build());
        }

        /** The controller names a revision after the template's hash; the generation stands in for it. */
        private String revision(StatefulSet statefulSet) {
            return statefulSet.getMetadata().getName() + "-" + statefulSet.getMetadata().getGeneration();
        }
    };

    ReadyStatus<DaemonSet> DAEMON_SET = new ReadyStatus<>() {
        @Override
        public boolean isReady(DaemonSet daemonSet) {
            DaemonSetStatus status = daemonSet.getStatus();
            return status != null
                    && Objects.equals(status.getObservedGeneration(), daemonSet.getMetadata().getGeneration())
                    && Objects.equals(status.getDesiredNumberScheduled(), DEMO_NODES)
                    && Objects.equals(status.getCurrentNumberScheduled(), DEMO_NODES)
                    && Objects.equals(status.getUpdatedNumberScheduled(), DEMO_NODES)
                    && Objects.equals(status.getNumberReady(), DEMO_NODES)
                    && Objects.equals(status.getNumberAvailable(), DEMO_NODES);
        }

        @Override
        public void writeReady(DaemonSet daemonSet) {
            daemonSet.setStatus(new DaemonSetStatusBuilder()
                    .withObservedGeneration(daemonSet.getMetadata().getGeneration())
                    .withDesiredNumberScheduled(DEMO_NODES)
                    .withCurrentNumberScheduled(DEMO_NODES)
                    .withUpdatedNumberScheduled(DEMO_NODES)
                    .withNumberReady(DEMO_NODES)
                    .withNumberAvailable(DEMO_NODES)
                    .withNumberMisscheduled(0)
                    .withNumberUnavailable(0)
                    .build());
        }
    };

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
