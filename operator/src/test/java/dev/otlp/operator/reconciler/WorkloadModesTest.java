package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.ExporterMode;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spec.mode}: a node agent as a DaemonSet, a gateway as a Deployment, and a switch between them leaving no orphan. */
class WorkloadModesTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String AGENT = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: agent
            spec:
              mode: daemonset
              hostPort: true
              upstream:
                endpoint: http://collector.observability.svc:4317
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void runsANodeAgentAsADaemonSetWhoseServiceKeepsTrafficOnTheNode() {
        cluster.create(AGENT);

        awaitUntil("the DaemonSet exists", () -> cluster.get(DaemonSet.class, "agent") != null);
        DaemonSet daemonSet = cluster.get(DaemonSet.class, "agent");
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .filteredOn(port -> port.getHostPort() != null).extracting(ContainerPort::getHostPort)
                .containsExactlyInAnyOrder(4317, 4318);
        awaitUntil("the Service exists", () -> cluster.get(Service.class, "agent") != null);
        assertThat(cluster.get(Service.class, "agent").getSpec().getInternalTrafficPolicy()).isEqualTo("Local");
        assertThat(cluster.get(Deployment.class, "agent")).isNull();
        assertThat(cluster.get(PodDisruptionBudget.class, "agent")).isNull();
        assertThat(cluster.get(HorizontalPodAutoscaler.class, "agent")).isNull();

        env.client().apps().daemonSets().inNamespace(cluster.namespace()).withName("agent").editStatus(running -> {
            running.setStatus(new DaemonSetStatusBuilder().withDesiredNumberScheduled(3).withCurrentNumberScheduled(3)
                    .withNumberReady(3).withUpdatedNumberScheduled(3)
                    .withObservedGeneration(running.getMetadata().getGeneration()).build());
            return running;
        });
        Condition ready = cluster.awaitCondition("agent", "Ready", "True", "PodsReady");
        assertThat(ready.getMessage()).startsWith("3 of 3 pods");
        assertThat(cluster.exporter("agent").getStatus().getReady()).isEqualTo("3/3");
    }

    @Test
    void switchingTheModeReplacesTheWorkloadWithoutAnOrphan() {
        cluster.create(AGENT);
        awaitUntil("the DaemonSet exists", () -> cluster.get(DaemonSet.class, "agent") != null);

        cluster.editSpec("agent", spec -> {
            spec.setMode(ExporterMode.DEPLOYMENT);
            spec.setHostPort(null);
        });

        awaitUntil("the Deployment exists", () -> cluster.get(Deployment.class, "agent") != null);
        awaitUntil("the DaemonSet is gone", () -> cluster.get(DaemonSet.class, "agent") == null);
        awaitUntil("the Service routes cluster-wide", () -> "Cluster".equals(
                cluster.get(Service.class, "agent").getSpec().getInternalTrafficPolicy()));
    }

    @Test
    void refusesScalingSettingsForANodeAgentNamingThem() {
        cluster.create(AGENT.replace("  hostPort: true\n", "  autoscaling: {maxReplicas: 4}\n"));

        Condition ready = cluster.awaitCondition("agent", "Ready", "False", "InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.autoscaling", "mode daemonset");
        assertThat(cluster.get(DaemonSet.class, "agent")).isNull();
    }
}
