package dev.otlp.bench.operator;

import dev.otlp.operator.render.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays the Deployment controller and the kubelet, which the embedded API server lacks: every
 * Deployment the operator manages gets the status of all its pods of the current generation up
 * and ready, written by a few threads as a real control plane would, in parallel. (The operator's
 * own {@code DemoKubelet} does the same with one thread, and is not visible outside its package.)
 */
final class FleetKubelet implements AutoCloseable {

    private static final Duration RESYNC = Duration.ofSeconds(5);
    private static final int WRITERS = 4;

    private final KubernetesClient client;
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, runnable -> {
        Thread thread = new Thread(runnable, "fleet-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final SharedIndexInformer<Deployment> informer;

    FleetKubelet(KubernetesClient client) {
        this.client = client;
        this.informer = client.apps().deployments().inAnyNamespace()
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        markReadyLater(deployment);
                    }

                    @Override
                    public void onUpdate(Deployment before, Deployment deployment) {
                        markReadyLater(deployment);
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                        // nothing runs, so nothing stops
                    }
                }, RESYNC.toMillis());
    }

    private void markReadyLater(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        if (!allPodsReady(deployment) && pending.add(namespace + "/" + name)) {
            writers.execute(() -> {
                pending.remove(namespace + "/" + name);
                markReady(namespace, name);
            });
        }
    }

    private void markReady(String namespace, String name) {
        try {
            client.apps().deployments().inNamespace(namespace).withName(name).editStatus(deployment -> {
                if (!allPodsReady(deployment)) {
                    deployment.setStatus(readyStatus(deployment));
                }
                return deployment;
            });
        } catch (KubernetesClientException e) {
            // retried on the informer's next resync
        }
    }

    private static boolean allPodsReady(Deployment deployment) {
        DeploymentStatus status = deployment.getStatus();
        int wanted = wantedPods(deployment);
        return status != null
                && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
                && Objects.equals(status.getUpdatedReplicas(), wanted)
                && Objects.equals(status.getReadyReplicas(), wanted)
                && Objects.equals(status.getAvailableReplicas(), wanted);
    }

    private static DeploymentStatus readyStatus(Deployment deployment) {
        int wanted = wantedPods(deployment);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(wanted)
                .withUpdatedReplicas(wanted)
                .withReadyReplicas(wanted)
                .withAvailableReplicas(wanted)
                .withConditions(
                        new DeploymentConditionBuilder().withType("Available").withStatus("True")
                                .withReason("MinimumReplicasAvailable").withLastTransitionTime(now).withLastUpdateTime(now).build(),
                        new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                                .withReason("NewReplicaSetAvailable").withLastTransitionTime(now).withLastUpdateTime(now).build())
                .build();
    }

    private static int wantedPods(Deployment deployment) {
        Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    @Override
    public void close() {
        informer.close();
        writers.shutdownNow();
    }
}
