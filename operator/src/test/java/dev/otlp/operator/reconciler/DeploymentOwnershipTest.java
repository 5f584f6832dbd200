package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.LogLevel;
import dev.otlp.operator.api.LoggingSpec;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.operator.testing.RequestRecorder.ApiRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** What others do to the Deployment (the HPA, {@code kubectl rollout restart}) stays, and a spec edit touches only what it changes. */
class DeploymentOwnershipTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String GATEWAY = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              replicas: 2
              upstream:
                endpoint: http://collector.observability.svc:4317
            """;

    private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void theHpaOwnsTheReplicasAndRemovingAutoscalingDeletesIt() {
        cluster.create(GATEWAY + """
                  autoscaling:
                    minReplicas: 2
                    maxReplicas: 5
                """);
        cluster.awaitReady("gateway");
        HorizontalPodAutoscaler hpa = cluster.get(HorizontalPodAutoscaler.class, "gateway");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("gateway");
        assertThat(cluster.get(PodDisruptionBudget.class, "gateway")).isNotNull();
        assertThat(cluster.get(Deployment.class, "gateway").getSpec().getReplicas()).isEqualTo(2);

        int mark = cluster.mark();
        cluster.edit(Deployment.class, "gateway", deployment -> {
            deployment.getSpec().setReplicas(4);
            return deployment;
        });
        env.kubelet().markReady(cluster.namespace(), "gateway");
        awaitUntil("the exporter reports 4 ready pods", () -> cluster.exporter("gateway").getStatus().getReadyReplicas() == 4);

        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.operatorWritesSince(mark)).extracting(ApiRequest::path)
                .noneMatch(path -> path.contains("/deployments/"));
        assertThat(cluster.get(Deployment.class, "gateway").getSpec().getReplicas()).isEqualTo(4);
        assertThat(FleetUnderTest.condition(cluster.exporter("gateway"), "Ready").orElseThrow().getStatus())
                .isEqualTo("True");

        cluster.editSpec("gateway", spec -> {
            spec.setAutoscaling(null);
            spec.setReplicas(3);
        });

        awaitUntil("the HPA is deleted", () -> cluster.get(HorizontalPodAutoscaler.class, "gateway") == null);
        awaitUntil("the Deployment runs spec.replicas",
                () -> cluster.get(Deployment.class, "gateway").getSpec().getReplicas() == 3);
        assertThat(cluster.get(PodDisruptionBudget.class, "gateway")).isNotNull();
    }

    @Test
    void aRolloutRestartAnnotationSurvivesALaterSpecChange() {
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        cluster.edit(Deployment.class, "gateway", deployment -> {
            deployment.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, "2025-01-01T00:00:00Z");
            return deployment;
        });
        env.kubelet().markReady(cluster.namespace(), "gateway");
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        String hash = Cluster.configHash(cluster.get(Deployment.class, "gateway"));

        cluster.editSpec("gateway", spec -> spec.setLogging(logging(LogLevel.DEBUG)));

        awaitUntil("the Deployment rolls to the new config",
                () -> !Cluster.configHash(cluster.get(Deployment.class, "gateway")).equals(hash));
        assertThat(cluster.get(Deployment.class, "gateway").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(RESTARTED_AT, "2025-01-01T00:00:00Z");
        assertThat(cluster.get(ConfigMap.class, "gateway-config").getData().get("config.toml")).contains("debug");
    }

    @Test
    void aReplicaChangeWritesOnlyTheDeploymentAndTheStatus() {
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();

        int mark = cluster.mark();
        cluster.editSpec("gateway", spec -> spec.setReplicas(3));
        awaitUntil("the Deployment runs 3 pods", () -> cluster.get(Deployment.class, "gateway").getSpec().getReplicas() == 3);
        cluster.awaitCondition("gateway", "Ready", "False", "PodsNotReady");
        Cluster.sleep(Cluster.RESYNC.multipliedBy(5));

        List<String> written = cluster.operatorWritesSince(mark).stream().map(ApiRequest::path).toList();
        String namespace = "/namespaces/" + cluster.namespace() + "/";
        assertThat(written).anyMatch(path -> path.startsWith("/apis/apps/v1" + namespace + "deployments/gateway"));
        assertThat(written).allMatch(path -> path.startsWith("/apis/apps/v1" + namespace + "deployments/gateway")
                || path.startsWith("/apis/otlp.dev/v1alpha1" + namespace + "otlpexporters/gateway/status"));
    }

    private static LoggingSpec logging(LogLevel level) {
        LoggingSpec logging = new LoggingSpec();
        logging.setLevel(level);
        return logging;
    }
}
