package dev.otlp.demo;

import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * For the embedded API server only (the demo and the benchmarks): plays the workload controllers and
 * the kubelet, which that server lacks, by writing the status of every Deployment, StatefulSet and
 * DaemonSet the operator manages as their controllers would once all pods of the current generation
 * are up and ready (see {@link ReadyStatus}). Without it no exporter would become Ready.
 */
public final class DemoKubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoKubelet.class);
    /** How often every workload is looked at again, so that a status write that failed is retried. */
    private static final Duration RESYNC = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final ExecutorService writers;
    /** Workloads with a status write queued: a burst of events for one queues one write. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<?>> informers;

    private DemoKubelet(KubernetesClient client, int writerThreads) {
        this.client = client;
        this.writers = Executors.newFixedThreadPool(writerThreads, runnable -> {
            Thread thread = new Thread(runnable, "demo-kubelet");
            thread.setDaemon(true);
            return thread;
        });
        this.informers = List.of(inform(Deployment.class, ReadyStatus.DEPLOYMENT),
                inform(StatefulSet.class, ReadyStatus.STATEFUL_SET),
                inform(DaemonSet.class, ReadyStatus.DAEMON_SET));
    }

    /** @param writerThreads status writes in parallel: one for a demo, a few for a thousand workloads */
    public static DemoKubelet start(KubernetesClient client, int writerThreads) {
        return new DemoKubelet(client, writerThreads);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(Class<T> kind, ReadyStatus<T> status) {
        return client.resources(kind).inAnyNamespace()
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(T workload) {
                        markReadyLater(kind, status, workload);
                    }

                    @Override
                    public void onUpdate(T before, T workload) {
                        markReadyLater(kind, status, workload);
                    }

                    @Override
                    public void onDelete(T workload, boolean finalStateUnknown) {
                        // nothing runs, so nothing stops
                    }
                }, RESYNC.toMillis());
    }

    private <T extends HasMetadata> void markReadyLater(Class<T> kind, ReadyStatus<T> status, T workload) {
        String namespace = workload.getMetadata().getNamespace();
        String name = workload.getMetadata().getName();
        String key = kind.getSimpleName() + " " + namespace + "/" + name;
        if (!status.isReady(workload) && pending.add(key)) {
            writers.execute(() -> {
                pending.remove(key);
                markReady(kind, status, namespace, name);
            });
        }
    }

    private <T extends HasMetadata> void markReady(Class<T> kind, ReadyStatus<T> status, String namespace, String name) {
        try {
            client.resources(kind).inNamespace(namespace).withName(name).editStatus(workload -> {
                if (!status.isReady(workload)) {
                    status.writeReady(workload);
                }
                return workload;
            });
            log.info("demo kubelet: all pods of {} {}/{} are ready", kind.getSimpleName(), namespace, name);
        } catch (KubernetesClientException e) {
            log.debug("demo kubelet: could not write the status of {} {}/{}, retried on the next resync: {}",
                    kind.getSimpleName(), namespace, name, e.getMessage());
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        writers.shutdownNow();
    }
}
