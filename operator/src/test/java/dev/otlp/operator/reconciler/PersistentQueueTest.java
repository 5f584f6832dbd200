package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spec.queue.persistence}: the runtime's queue on an emptyDir of the Deployment's pods, or on
 * a claim per replica of a StatefulSet, and a change between them replaces the workload without
 * leaving the other behind.
 */
class PersistentQueueTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String EXPORTER = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: durable
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
              queue:
                maxAge: 1h
                persistence:
            %s
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void keepsTheQueueOnAnEmptyDirOfTheDeploymentsPods() {
        cluster.create(EXPORTER.formatted("      type: emptyDir\n      size: 2Gi\n      sync: fsync"));
        cluster.awaitReady("durable");

        PodSpec pod = cluster.get(Deployment.class, "durable").getSpec().getTemplate().getSpec();
        Volume queue = pod.getVolumes().stream().filter(v -> v.getName().equals("queue")).findFirst().orElseThrow();
        assertThat(queue.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("2147483648"));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/var/lib/otlp-exporter/queue");
        assertThat(config()).contains("max_age = \"1h\"", "persistent = true",
                "directory = \"/var/lib/otlp-exporter/queue\"", "max_disk_bytes = \"1843MiB\"", "sync = \"fsync\"");
        assertThat(cluster.get(StatefulSet.class, "durable")).isNull();
    }

    @Test
    void runsAsAStatefulSetWithAClaimPerReplicaAndReportsItsPods() {
        cluster.create(EXPORTER.formatted("      type: persistentVolumeClaim\n      size: 10Gi\n      storageClassName: fast-ssd")
                .replace("spec:\n", "spec:\n  replicas: 3\n"));

        awaitUntil("StatefulSet durable exists", () -> cluster.get(StatefulSet.class, "durable") != null);
        StatefulSet statefulSet = cluster.get(StatefulSet.class, "durable");
        PersistentVolumeClaim claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getMetadata().getName()).isEqualTo("queue");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("10737418240"));
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        assertThat(statefulSet.getSpec().getPersistentVolumeClaimRetentionPolicy())
                .as("claims may hold undelivered data: kept when scaled down (replayed on scale-up) and when deleted")
                .isNotNull()
                .extracting(StatefulSetPersistentVolumeClaimRetentionPolicy::getWhenScaled,
                        StatefulSetPersistentVolumeClaimRetentionPolicy::getWhenDeleted)
                .containsExactly("Retain", "Retain");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("durable");
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
                .doesNotContain("queue");
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getMountPath).contains("/var/lib/otlp-exporter/queue");
        assertThat(statefulSet.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("durable");
        assertThat(cluster.get(Deployment.class, "durable")).isNull();
        cluster.awaitCondition("durable", "Ready", "False", "PodsNotReady");

        env.kubelet().markStatefulSetReady(cluster.namespace(), "durable");

        cluster.awaitCondition("durable", "Ready", "True", "PodsReady");
        assertThat(cluster.exporter("durable").getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
    }

    @Test
    void replacesTheWorkloadWithoutLeavingTheOtherWhenThePersistenceTypeChanges() {
        cluster.create(EXPORTER.formatted("      type: emptyDir"));
        cluster.awaitReady("durable");

        cluster.editSpec("durable", spec -> spec.getQueue().getPersistence()
                .setType(dev.otlp.operator.api.QueuePersistenceType.PERSISTENT_VOLUME_CLAIM));

        awaitUntil("the StatefulSet replaces the Deployment", () -> cluster.get(StatefulSet.class, "durable") != null
                && cluster.get(Deployment.class, "durable") == null);
        env.kubelet().markStatefulSetReady(cluster.namespace(), "durable");
        cluster.awaitCondition("durable", "Ready", "True", "PodsReady");

        cluster.editSpec("durable", spec -> spec.setQueue(null));

        awaitUntil("the Deployment replaces the StatefulSet", () -> cluster.get(Deployment.class, "durable") != null
                && cluster.get(StatefulSet.class, "durable") == null);
        assertThat(config()).doesNotContain("persistent = true");
    }

    @Test
    void autoscalesTheStatefulSet() {
        cluster.create(EXPORTER.formatted("      type: persistentVolumeClaim")
                .replace("spec:\n", "spec:\n  autoscaling:\n    minReplicas: 2\n    maxReplicas: 5\n"));

        awaitUntil("HorizontalPodAutoscaler durable exists", () -> cluster.get(HorizontalPodAutoscaler.class, "durable") != null);
        HorizontalPodAutoscaler hpa = cluster.get(HorizontalPodAutoscaler.class, "durable");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("durable");
    }

    private String config() {
        return cluster.get(ConfigMap.class, "durable-config").getData().get("config.toml");
    }
}
