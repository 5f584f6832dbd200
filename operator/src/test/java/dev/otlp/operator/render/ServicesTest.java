package dev.otlp.operator.render;

import dev.otlp.operator.testing.WorkloadExporters;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ServicesTest {

    @Test
    void selectsTheExportersPodsAndReachesTheirNamedPorts() {
        Service service = Services.desired(WorkloadExporters.resolved(WorkloadExporters.rich()));
        Deployment deployment = Deployments.desired(WorkloadExporters.resolved(WorkloadExporters.rich()),
                WorkloadExporters.CONFIG_HASH, null);

        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).extracting(port -> port.getTargetPort().getStrVal())
                .isSubsetOf(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                        .map(ContainerPort::getName).toList());
    }

    @Test
    void servesOtlpOnTheStandardPortsAndMetrics() {
        Service service = Services.desired(WorkloadExporters.resolved(WorkloadExporters.minimal()));

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(
                        tuple("otlp-grpc", 4317),
                        tuple("otlp-http", 4318),
                        tuple("metrics", 9090));
        assertThat(service.getSpec().getPorts().get(0).getAppProtocol()).isEqualTo("grpc");
    }
}
