package dev.otlp.operator.render;

import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.ResourceNames;
import dev.otlp.operator.model.WorkloadKind;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** The ClusterIP Service {@code X} that applications send OTLP to and Prometheus scrapes. */
public final class Services {

    private Services() {
    }

    public static Service desired(ResolvedExporter exporter) {
        String name = exporter.name();
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(ResourceNames.service(name))
                .withNamespace(exporter.namespace())
                .withLabels(Labels.common(name))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                // A node agent: applications reach the exporter on their own node. Cluster is the
                // default, written out so that leaving daemonset mode resets it.
                .withInternalTrafficPolicy(exporter.workloadKind() == WorkloadKind.DAEMON_SET ? "Local" : "Cluster")
                .withSelector(Labels.selector(name))
                .withPorts(
                        port(RuntimeContainer.OTLP_GRPC_PORT, ExporterPorts.OTLP_GRPC, "grpc"),
                        port(RuntimeContainer.OTLP_HTTP_PORT, ExporterPorts.OTLP_HTTP, "http"),
                        port(RuntimeContainer.METRICS_PORT, ExporterPorts.METRICS, "http"))
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int number, String appProtocol) {
        return new ServicePortBuilder()
                .withName(name)
                .withPort(number)
                .withTargetPort(new IntOrString(name))
                .withProtocol("TCP")
                .withAppProtocol(appProtocol)
                .build();
    }
}
