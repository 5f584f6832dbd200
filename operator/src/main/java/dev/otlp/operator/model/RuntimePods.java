package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the runtime's pods are made of, resolved: the container's part (image, env, resources, Secret mounts,
 * queue volume) wherever it runs, and the pod's part (labels, annotations, scheduling, host ports) where the
 * exporter runs pods of its own.
 *
 * @param image        {@code spec.image}, else the operator's default runtime image
 * @param env          {@code spec.env}, then the runtime's heap settings unless the user gave their own ({@link RuntimeHeap})
 * @param resources    {@code spec.resources}, else the profile's ({@link ProfileResources})
 * @param secretMounts the Secrets the container mounts ({@link SecretMounts})
 * @param queue        the persistent queue's volume, when {@code spec.queue.persistence} is set
 * @param labels       {@code spec.podLabels}; empty when unset
 * @param annotations  {@code spec.podAnnotations}; empty when unset
 * @param nodeSelector {@code spec.nodeSelector}, sorted; null when unset
 * @param tolerations  {@code spec.tolerations}; null when unset
 * @param affinity     {@code spec.affinity}; null when unset
 * @param hostPort     {@code spec.hostPort}: the OTLP ports also open on each node's address (mode daemonset)
 */
public record RuntimePods(String image, List<EnvVar> env, ResourceRequirements resources, List<SecretMount> secretMounts,
                          Optional<PersistentQueue> queue, SortedMap<String, String> labels,
                          SortedMap<String, String> annotations, SortedMap<String, String> nodeSelector,
                          List<Toleration> tolerations, Affinity affinity, boolean hostPort) {

    static RuntimePods of(OtlpExporter exporter, OtlpExporterSpec spec, String defaultImage) {
        return new RuntimePods(
                Optional.ofNullable(spec.getImage()).orElse(defaultImage),
                RuntimeHeap.withHeapSettings(spec.getEnv()),
                ProfileResources.of(exporter),
                SecretMounts.of(exporter),
                QueueStorage.persistence(exporter).map(PersistentQueue::of),
                sorted(spec.getPodLabels()),
                sorted(spec.getPodAnnotations()),
                spec.getNodeSelector() == null ? null : sorted(spec.getNodeSelector()),
                spec.getTolerations(),
                spec.getAffinity(),
                Boolean.TRUE.equals(spec.getHostPort()));
    }

    private static SortedMap<String, String> sorted(Map<String, String> map) {
        return Collections.unmodifiableSortedMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
    }
}
