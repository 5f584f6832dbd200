package dev.otlp.operator.render;

import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSetBuilder;

import java.util.Optional;

/**
 * The DaemonSet {@code X} of {@code spec.mode: daemonset}: the same pods as {@link Deployments}'s,
 * one per node, replaced one node at a time. With {@code spec.hostPort} the OTLP ports also open on
 * each node's own address.
 */
public final class DaemonSets {

    private DaemonSets() {
    }

    /**
     * @param configHash the hash of the rendered config and of every Secret the pods mount
     * @param actual     the DaemonSet as it stands, or null
     */
    public static DaemonSet desired(ResolvedExporter exporter, String configHash, DaemonSet actual) {
        String name = exporter.name();
        Optional<DaemonSetSpec> actualSpec = Optional.ofNullable(actual).map(DaemonSet::getSpec);
        PodTemplateSpec template = Deployments.podTemplate(exporter, configHash,
                Optional.ofNullable(actual).map(DaemonSet::getMetadata).orElse(null),
                actualSpec.map(DaemonSetSpec::getTemplate).orElse(null));
        if (exporter.pods().hostPort()) {
            template.getSpec().getContainers().get(0).getPorts().stream()
                    .filter(port -> port.getContainerPort() == ExporterPorts.OTLP_GRPC || port.getContainerPort() == ExporterPorts.OTLP_HTTP)
                    .forEach(DaemonSets::openOnTheNode);
        }
        return new DaemonSetBuilder()
                .withMetadata(Deployments.workloadMetadata(exporter, ResourceNames.daemonSet(name)))
                .withNewSpec()
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
                .withNewUpdateStrategy().withType("RollingUpdate")
                .withRollingUpdate(rollingUpdate(exporter.pods().hostPort()))
                .endUpdateStrategy()
                .withTemplate(template)
                .endSpec()
                .build();
    }

    /**
     * The node's new pod starts before its old one stops, so the node's clients always have a ready
     * exporter; with host ports the two cannot run side by side, so the old one stops first.
     */
    private static RollingUpdateDaemonSet rollingUpdate(boolean hostPort) {
        return hostPort
                ? new RollingUpdateDaemonSetBuilder().withMaxUnavailable(new IntOrString(1)).build()
                : new RollingUpdateDaemonSetBuilder().withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).build();
    }

    private static void openOnTheNode(ContainerPort port) {
        port.setHostPort(port.getContainerPort());
    }
}
