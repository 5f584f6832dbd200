package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.ExporterMode;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Deployments;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spec.mode}: a node agent as a DaemonSet, a gateway as a Deployment, a sidecar in the
 * applications' pods, and a switch between them leaving no orphan.
 */
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

    private static final String GATEWAY = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              mode: deployment
              replicas: 2
              upstream:
                endpoint: http://collector.observability.svc:4317
              receiver:
                auth:
                  apiKey: {generate: true}
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
    void aSidecarExporterKeepsItsConfigAndSecretsButNoWorkloadOrServiceAndCountsTheInjectedPods() {
        cluster.create(GATEWAY);
        awaitUntil("the Deployment exists", () -> cluster.get(Deployment.class, "gateway") != null);
        awaitUntil("the Service exists", () -> cluster.get(Service.class, "gateway") != null);

        cluster.editSpec("gateway", spec -> {
            spec.setMode(ExporterMode.SIDECAR);
            spec.setReplicas(null);
        });

        awaitUntil("the Deployment is gone", () -> cluster.get(Deployment.class, "gateway") == null);
        awaitUntil("the Service is gone", () -> cluster.get(Service.class, "gateway") == null);
        awaitUntil("the ServiceAccount is gone", () -> cluster.get(ServiceAccount.class, "gateway") == null);
        assertThat(cluster.get(ConfigMap.class, "gateway-config").getData().get("config.toml")).contains("host = \"127.0.0.1\"");
        assertThat(cluster.get(Secret.class, "gateway-receiver-api-key")).as("generated Secrets stay for the sidecars").isNotNull();
        Condition configured = cluster.awaitCondition("gateway", "Ready", "True", "SidecarConfigured");
        assertThat(configured.getMessage()).endsWith("injected into 0 running pods");

        String configHash = cluster.exporter("gateway").getStatus().getConfigHash();
        injectedPod("shop-1", configHash);
        injectedPod("shop-2", configHash);
        injectedPod("shop-job", configHash, "Succeeded");
        injectedPod("shop-3", "an-earlier-config");
        awaitUntil("the status counts the three running injected pods", () ->
                Integer.valueOf(3).equals(cluster.exporter("gateway").getStatus().getInjectedPods()));
        Condition progressing = cluster.awaitCondition("gateway", "Progressing", "True", "PodsOnOlderConfig");
        assertThat(progressing.getMessage()).startsWith("1 of 3 injected pods run an earlier configuration");

        env.client().pods().inNamespace(cluster.namespace()).withName("shop-3").delete();
        awaitUntil("a deleted pod is no longer counted", () ->
                Integer.valueOf(2).equals(cluster.exporter("gateway").getStatus().getInjectedPods()));
        cluster.awaitCondition("gateway", "Progressing", "False", "AllPodsCurrent");
    }

    private void injectedPod(String name, String configHash) {
        injectedPod(name, configHash, "Running");
    }

    private void injectedPod(String name, String configHash, String phase) {
        env.client().pods().inNamespace(cluster.namespace()).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels(Labels.SIDECAR_OF, "gateway")
                .addToAnnotations(Deployments.CONFIG_HASH_ANNOTATION, configHash).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec()
                .build()).create();
        // The kubelet's part: status is a subresource, which a create does not write.
        env.client().pods().inNamespace(cluster.namespace()).withName(name).editStatus(pod -> {
            pod.setStatus(new PodStatusBuilder().withPhase(phase).build());
            return pod;
        });
    }

    @Test
    void refusesWhatASidecarCannotHaveNamingEachField() {
        cluster.create(GATEWAY.replace("  mode: deployment\n", "  mode: sidecar\n  networkPolicy: {}\n")
                .replace("  replicas: 2\n", "  replicas: 2\n  queue:\n    persistence: {type: emptyDir}\n"));

        Condition ready = cluster.awaitCondition("gateway", "Ready", "False", "InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.replicas", "spec.networkPolicy", "spec.queue.persistence", "mode sidecar");
    }

    @Test
    void refusesScalingSettingsForANodeAgentNamingThem() {
        cluster.create(AGENT.replace("  hostPort: true\n", "  autoscaling: {maxReplicas: 4}\n"));

        Condition ready = cluster.awaitCondition("agent", "Ready", "False", "InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.autoscaling", "mode daemonset");
        assertThat(cluster.get(DaemonSet.class, "agent")).isNull();
    }
}
