package dev.otlp.bench.operator;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Watches, as an onlooker with its own informers, for the moment each OtlpExporter has converged:
 * its Deployment, ConfigMap {@code X-config} and Service exist and its status says Ready=True for
 * its current generation.
 */
final class ConvergenceWatch implements AutoCloseable {

    private final SharedIndexInformer<OtlpExporter> exporters;
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<ConfigMap> configMaps;
    private final SharedIndexInformer<Service> services;
    /** Exporter key ({@code namespace/name}) to {@link System#nanoTime()} when it converged. */
    private final Map<String, Long> converged = new ConcurrentHashMap<>();
    /** Exporter key to the generation whose reconciliation is awaited. */
    private final Map<String, Long> awaited = new ConcurrentHashMap<>();
    /** Exporter key to {@link System#nanoTime()} when the operator had reconciled the awaited generation. */
    private final Map<String, Long> observed = new ConcurrentHashMap<>();

    ConvergenceWatch(KubernetesClient client) {
        exporters = client.resources(OtlpExporter.class).inAnyNamespace()
                .inform(handler(exporter -> key(exporter.getMetadata().getNamespace(), exporter.getMetadata().getName())));
        deployments = client.apps().deployments().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .inform(handler(ConvergenceWatch::instanceKey));
        configMaps = client.configMaps().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .inform(handler(ConvergenceWatch::instanceKey));
        services = client.services().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .inform(handler(ConvergenceWatch::instanceKey));
    }

    /** How many exporters have converged. */
    int convergedCount() {
        return converged.size();
    }

    /** When each converged exporter did, by key. */
    Map<String, Long> convergedAt() {
        return Map.copyOf(converged);
    }

    /** Notes when the operator will have reconciled {@code generation} of the exporter: its status observes it. */
    void awaitObserved(String namespace, String name, long generation) {
        awaited.put(key(namespace, name), generation);
        check(key(namespace, name));
    }

    /** When the awaited generation was observed, or empty while it is not. */
    Optional<Long> observedAt(String namespace, String name) {
        return Optional.ofNullable(observed.get(key(namespace, name)));
    }

    /** How many exporters exist, and how many have each part of convergence, for a report of what is missing. */
    String progress() {
        List<OtlpExporter> all = exporters.getStore().list();
        long ready = all.stream().filter(ConvergenceWatch::ready).count();
        long withStatus = all.stream().filter(exporter -> exporter.getStatus() != null).count();
        return all.size() + " exporters, " + withStatus + " with a status, " + ready + " Ready; "
                + deployments.getStore().list().size() + " Deployments, " + configMaps.getStore().list().size()
                + " ConfigMaps, " + services.getStore().list().size() + " Services; " + converged.size() + " converged";
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, String> exporterKey) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                check(exporterKey.apply(object));
            }

            @Override
            public void onUpdate(T before, T object) {
                check(exporterKey.apply(object));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                // the benchmark deletes nothing
            }
        };
    }

    private void check(String key) {
        if (key == null) {
            return;
        }
        OtlpExporter exporter = exporters.getStore().getByKey(key);
        Long generation = awaited.get(key);
        if (generation != null && exporter != null && exporter.getStatus() != null
                && exporter.getStatus().getObservedGeneration() != null
                && exporter.getStatus().getObservedGeneration() >= generation) {
            observed.putIfAbsent(key, System.nanoTime());
        }
        if (converged.containsKey(key)) {
            return;
        }
        if (exporter != null && ready(exporter)
                && deployments.getStore().getByKey(key) != null
                && configMaps.getStore().getByKey(key + "-config") != null
                && services.getStore().getByKey(key) != null) {
            converged.putIfAbsent(key, System.nanoTime());
        }
    }

    private static boolean ready(OtlpExporter exporter) {
        OtlpExporterStatus status = exporter.getStatus();
        return status != null && status.getConditions() != null
                && Objects.equals(status.getObservedGeneration(), exporter.getMetadata().getGeneration())
                && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String instanceKey(HasMetadata object) {
        String instance = object.getMetadata().getLabels() == null ? null
                : object.getMetadata().getLabels().get(Labels.INSTANCE);
        return instance == null ? null : key(object.getMetadata().getNamespace(), instance);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        exporters.close();
        deployments.close();
        configMaps.close();
        services.close();
    }
}
