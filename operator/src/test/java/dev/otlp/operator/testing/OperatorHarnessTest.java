package dev.otlp.operator.testing;

import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

class OperatorHarnessTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private final String namespace = OperatorTestEnvironment.uniqueNamespace();
    private final ConfigMapPerExporterReconciler reconciler = new ConfigMapPerExporterReconciler();

    @Test
    void anExporterGetsAnOwnedDependentAndItsObservedGeneration() {
        env.startOperator(operator -> operator.register(reconciler));

        OtlpExporter exporter = createExporter("gateway", "balanced");

        awaitUntil("the ConfigMap exists", () -> configMap("gateway-config") != null);
        OwnerReference owner = configMap("gateway-config").getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).isEqualTo("OtlpExporter");
        assertThat(owner.getName()).isEqualTo("gateway");
        assertThat(owner.getUid()).isEqualTo(exporter.getMetadata().getUid());
        assertThat(configMap("gateway-config").getData().get("spec.json")).contains("balanced");
        awaitUntil("status.observedGeneration is 1", () -> observedGeneration("gateway") == 1);
    }

    @Test
    void aSpecEditUpdatesTheDependent() {
        env.startOperator(operator -> operator.register(reconciler));
        createExporter("edited", "balanced");
        awaitUntil("status.observedGeneration is 1", () -> observedGeneration("edited") == 1);

        env.client().resources(OtlpExporter.class).inNamespace(namespace).withName("edited")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"profile\":\"high-throughput\"}}");

        awaitUntil("status.observedGeneration is 2", () -> observedGeneration("edited") == 2);
        awaitUntil("the ConfigMap holds the edited spec",
                () -> configMap("edited-config").getData().get("spec.json").contains("high-throughput"));
    }

    @Test
    void resyncsOfAnUpToDateExporterWriteNothing() {
        env.startOperator(operator -> operator.register(reconciler,
                controller -> controller.withReconciliationMaxInterval(Duration.ofMillis(100))));
        createExporter("idle", "balanced");
        awaitUntil("status.observedGeneration is 1", () -> observedGeneration("idle") == 1);
        awaitUntil("the ConfigMap exists", () -> configMap("idle-config") != null);

        int mark = env.requests().mark();
        int reconcilesBefore = reconciler.reconciles.get();
        awaitUntil("five more reconciles ran", () -> reconciler.reconciles.get() >= reconcilesBefore + 5);

        assertThat(env.requests().writesSince(mark, OperatorTestEnvironment.OPERATOR_USER_AGENT)).isEmpty();
    }

    @Test
    void aRestartedOperatorFindsEverythingUpToDateAndWritesNothing() {
        var first = env.startOperator(operator -> operator.register(reconciler));
        createExporter("restarted", "balanced");
        awaitUntil("status.observedGeneration is 1", () -> observedGeneration("restarted") == 1);
        first.stop();

        int mark = env.requests().mark();
        ConfigMapPerExporterReconciler second = new ConfigMapPerExporterReconciler();
        env.startOperator(operator -> operator.register(second,
                controller -> controller.withReconciliationMaxInterval(Duration.ofMillis(100))));
        // the second reconcile starts only once the first one's outcome has been written, if any
        awaitUntil("the restarted operator reconciled the exporter twice", () -> second.reconciles.get() >= 2);

        assertThat(env.requests().writesSince(mark, OperatorTestEnvironment.OPERATOR_USER_AGENT)).isEmpty();
    }

    @Test
    void theKubeletMarksADeploymentReadyOnlyWhenAsked() {
        env.client().apps().deployments().inNamespace(namespace).resource(deployment("web", 3)).create();
        assertThat(deploymentNamed("web").getStatus()).isNull();

        env.kubelet().markReady(namespace, "web", 1);
        assertThat(deploymentNamed("web").getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(condition(deploymentNamed("web"), "Available").getStatus()).isEqualTo("False");

        env.kubelet().markReady(namespace, "web");
        Deployment ready = deploymentNamed("web");
        assertThat(ready.getStatus().getReplicas()).isEqualTo(3);
        assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(ready.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        assertThat(condition(ready, "Available").getStatus()).isEqualTo("True");
        assertThat(condition(ready, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    }

    @Test
    void theRecorderTellsReadsFromWrites() {
        int mark = env.requests().mark();
        env.client().configMaps().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("c").endMetadata().build()).create();
        env.client().configMaps().inNamespace(namespace).withName("c").get();
        env.client().configMaps().inNamespace(namespace).list();
        env.client().configMaps().inNamespace(namespace).withName("c").delete();

        assertThat(env.requests().since(mark)).extracting(RequestRecorder.ApiRequest::verb)
                .containsExactly(ApiVerb.CREATE, ApiVerb.GET, ApiVerb.LIST, ApiVerb.DELETE);
    }

    private OtlpExporter createExporter(String name, String profile) {
        OtlpExporter exporter = Serialization.unmarshal("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  profile: %s
                """.formatted(name, namespace, profile), OtlpExporter.class);
        return env.client().resource(exporter).create();
    }

    private long observedGeneration(String name) {
        OtlpExporter exporter = env.client().resources(OtlpExporter.class).inNamespace(namespace).withName(name).get();
        return ConfigMapPerExporterReconciler.observedGeneration(exporter);
    }

    private ConfigMap configMap(String name) {
        return env.client().configMaps().inNamespace(namespace).withName(name).get();
    }

    private Deployment deploymentNamed(String name) {
        return env.client().apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        return deployment.getStatus().getConditions().stream()
                .filter(condition -> condition.getType().equals(type)).findFirst().orElseThrow();
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
