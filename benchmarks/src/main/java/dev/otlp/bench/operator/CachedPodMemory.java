package dev.otlp.bench.operator;

import dev.otlp.operator.dependent.TrimmedStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.UUID;

/**
 * The heap one injected pod takes in the operator's cache: N pods as an API server sends them
 * (labels, owner, managedFields, two containers, the kubelet's status) put into the injected-pods
 * informer's store ({@link TrimmedStore.ForInjectedPods}) and into a store that keeps them whole, the
 * heap in use after a full GC compared with it before. The informer's indexes and JOSDK's
 * pod-to-exporter index come on top. Run with {@code -XX:+UseSerialGC} so that {@code System.gc()}
 * is a full collection: {@code java -XX:+UseSerialGC -cp benchmarks/target/otlp-benchmarks.jar
 * dev.otlp.bench.operator.CachedPodMemory [pods]}.
 */
public final class CachedPodMemory {

    private static final String POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "shop-7d9f-%1$s", "generateName": "shop-7d9f-", "namespace": "team-%2$d",
               "uid": "%3$s", "resourceVersion": "%4$d", "creationTimestamp": "2026-12-07T10:00:00Z",
               "labels": {"app": "shop", "pod-template-hash": "7d9f", "otlp.dev/sidecar-of": "agent"},
               "annotations": {"otlp.dev/config-hash": "3f2a9c41d0b7e655"},
               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "shop-7d9f",
                 "uid": "1f0c3a52-8a7e-4f7b-9a51-0c2d4b9e8f10", "controller": true, "blockOwnerDeletion": true}],
               "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
                 "time": "2026-12-07T10:00:00Z", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:metadata": {"f:generateName": {}, "f:labels": {".": {}, "f:app": {}}}}}]},
             "spec": {"containers": [{"name": "app", "image": "registry.example/shop:1.4.2",
                 "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                 "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}},
               {"name": "otlp-exporter", "image": "registry.example/otlp-exporter-runtime:0.9.0",
                 "args": ["--config", "/etc/otlp/config.toml"],
                 "volumeMounts": [{"name": "otlp-config", "mountPath": "/etc/otlp", "readOnly": true}]}],
               "volumes": [{"name": "otlp-config", "configMap": {"name": "agent-config"}}],
               "nodeName": "node-3", "serviceAccountName": "shop", "restartPolicy": "Always"},
             "status": {"phase": "Running", "podIP": "10.42.3.17", "hostIP": "192.0.2.3",
               "startTime": "2026-12-07T10:00:00Z",
               "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-12-07T10:00:05Z"}],
               "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "image": "registry.example/shop:1.4.2",
                 "imageID": "registry.example/shop@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                 "containerID": "containerd://0123456789abcdef", "started": true,
                 "state": {"running": {"startedAt": "2026-12-07T10:00:02Z"}}}]}}
            """;

    private CachedPodMemory() {
    }

    public static void main(String[] args) {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.printf(Locale.ROOT, "%d pods: whole %.0f B/pod, trimmed (TrimmedStore.ForInjectedPods) %.0f B/pod%n",
                pods, bytesPerPod(new BasicItemStore<>(Cache::metaNamespaceKeyFunc), pods),
                bytesPerPod(new TrimmedStore.ForInjectedPods(), pods));
    }

    private static double bytesPerPod(ItemStore<Pod> store, int pods) {
        long before = liveHeap();
        for (int i = 0; i < pods; i++) {
            Pod pod = Serialization.unmarshal(POD.formatted(Integer.toHexString(i), i % 100, UUID.randomUUID(), i), Pod.class);
            store.put(store.getKey(pod), pod);
        }
        long after = liveHeap();
        if (store.size() != pods) {
            throw new IllegalStateException("stored " + store.size() + " of " + pods);
        }
        return (after - before) / (double) pods;
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
