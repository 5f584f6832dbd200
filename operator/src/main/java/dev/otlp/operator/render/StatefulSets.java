package dev.otlp.operator.render;

import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;

import java.util.List;
import java.util.Optional;

/**
 * The StatefulSet {@code X} that runs the exporter when its queue persists on a claim per replica
 * ({@code spec.queue.persistence.type: persistentVolumeClaim}): the same pods as {@link Deployments}'s,
 * each with its own {@code queue} claim that outlives the pod, so a rescheduled replica replays
 * what it had acknowledged. Claims are kept when the exporter scales down or is deleted: they may
 * hold undelivered data.
 */
public final class StatefulSets {

    private StatefulSets() {
    }

    /**
     * @param configHash the hash of the rendered config and of every Secret the pods mount
     * @param actual     the StatefulSet as it stands, or null
     */
    public static StatefulSet desired(ResolvedExporter exporter, String configHash, StatefulSet actual) {
        String name = exporter.name();
        Optional<StatefulSetSpec> actualSpec = Optional.ofNullable(actual).map(StatefulSet::getSpec);
        return new StatefulSetBuilder()
                .withMetadata(Deployments.workloadMetadata(exporter, ResourceNames.statefulSet(name)))
                .withNewSpec()
                .withReplicas(exporter.scaling().workloadReplicas(actualSpec.map(StatefulSetSpec::getReplicas).orElse(null)))
                .withServiceName(ResourceNames.service(name))
                // Replicas hold no state for each other: start and stop them together.
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
                .withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(0).withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
                .endUpdateStrategy()
                .withTemplate(Deployments.podTemplate(exporter, configHash,
                        Optional.ofNullable(actual).map(StatefulSet::getMetadata).orElse(null),
                        actualSpec.map(StatefulSetSpec::getTemplate).orElse(null)))
                .withVolumeClaimTemplates(claimTemplates(exporter, actualSpec))
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenScaled("Retain")
                .withWhenDeleted("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .endSpec()
                .build();
    }

    /** Claim templates cannot change once the StatefulSet exists: the ones it has are kept. */
    private static List<PersistentVolumeClaim> claimTemplates(ResolvedExporter exporter, Optional<StatefulSetSpec> actual) {
        return actual.map(StatefulSetSpec::getVolumeClaimTemplates).filter(templates -> !templates.isEmpty())
                .orElseGet(() -> QueueVolume.claimTemplate(exporter).stream().toList());
    }
}
