package dev.otlp.demo;

import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * For the embedded API server only (the demo and the benchmarks): plays the Deployment
 * controller and the kubelet, which that server lacks, by writing the status of every Deployment the
 * operator manages as if all its pods of the current generation were up and ready. Without it no
 * exporter would become Ready.
 */
public final class DemoKubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoKubelet.class);
    /** How often every Deployment is looked at again, so that a status write that failed is retried. */
    private static final Duration RESYNC = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final ExecutorService writers;
    /** Deployments with a status write queued: a burst of events for one queues one write. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final SharedIndexInformer<Deployment> informer;

    private DemoKubelet(KubernetesClient client, int writerThreads) {
        this.client = client;
        this.writers = Executors.newFixedThreadPool(writerThreads, runnable -> {
            Thread thread = new Thread(runnable, "demo-kubelet");
            thread.setDaemon(true);
            return thread;
        });
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

    /** @param writerThreads status writes in parallel: one for a demo, a few for a thousand Deployments */
    public static DemoKubelet start(KubernetesClient client, int writerThreads) {
        return new DemoKubelet(client, writerThreads);
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
            log.info("demo kubelet: all pods of Deployment {}/{} are ready", namespace, name);
        } catch (KubernetesClientException e) {
            log.debug("demo kubelet: could not write the status of Deployment {}/{}, retried on the next resync: {}",
                    namespace, name, e.getMessage());
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
                        condition("Available", "MinimumReplicasAvailable", now),
                        condition("Progressing", "NewReplicaSetAvailable", now))
                .build();
    }

    private static int wantedPods(Deployment deployment) {
        Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    private static DeploymentCondition condition(String type, String reason, String now) {
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withLastTransitionTime(now)
                .withLastUpdateTime(now)
                .build();
    }

    @Override
    public void close() {
        informer.close();
        writers.shutdownNow();
    }
}
