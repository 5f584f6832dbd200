package dev.otlp.operator.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Plays the kubelet and the Deployment and StatefulSet controllers, which the embedded API server
 * lacks: on request, it writes a workload's status as they would once its pods are (or are not) ready.
 */
public final class Kubelet {

    private final KubernetesClient client;

    Kubelet(KubernetesClient client) {
        this.client = client;
    }

    /** Every wanted pod of the Deployment's current generation is up to date, ready and available. */
    public Deployment markReady(String namespace, String name) {
        return markReady(namespace, name, Integer.MAX_VALUE);
    }

    /**
     * All wanted pods run the current pod template, {@code readyPods} of them (at most the wanted
     * number) are ready and available. {@code Available} is true only when all of them are.
     */
    public Deployment markReady(String namespace, String name, int readyPods) {
        return client.apps().deployments().inNamespace(namespace).withName(name).editStatus(deployment -> {
            int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            int ready = Math.min(readyPods, wanted);
            boolean allReady = ready == wanted;
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            deployment.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(deployment.getMetadata().getGeneration())
                    .withReplicas(wanted)
                    .withUpdatedReplicas(wanted)
                    .withReadyReplicas(ready)
                    .withAvailableReplicas(ready)
                    .withUnavailableReplicas(wanted - ready)
                    .withConditions(
                            condition("Available", allReady,
                                    allReady ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", now),
                            condition("Progressing", true,
                                    allReady ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", now))
                    .build());
            return deployment;
        });
    }

    /** Every wanted pod of the StatefulSet's current generation is up to date and ready. */
    public StatefulSet markStatefulSetReady(String namespace, String name) {
        return client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(statefulSet -> {
            int wanted = statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
            statefulSet.setStatus(new StatefulSetStatusBuilder()
                    .withObservedGeneration(statefulSet.getMetadata().getGeneration())
                    .withReplicas(wanted)
                    .withUpdatedReplicas(wanted)
                    .withReadyReplicas(wanted)
                    .withAvailableReplicas(wanted)
                    .withCurrentReplicas(wanted)
                    .build());
            return statefulSet;
        });
    }

    private static DeploymentCondition condition(String type, boolean status, String reason, String now) {
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus(status ? "True" : "False")
                .withReason(reason)
                .withLastTransitionTime(now)
                .withLastUpdateTime(now)
                .build();
    }
}
