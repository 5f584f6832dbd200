package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration that the pods' runtime image refuses stops the new pods at their {@code check-config} init
 * container; the status names the key it refused, read from the termination message the kubelet reports, and
 * says so without waiting for a resync: nothing the Deployment reports changes when a pod fails at Init.
 */
class ConfigRefusedAtInitTest {

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

    /**
     * A new pod in {@code Init:CrashLoopBackOff} as the API server returns it; the termination message is what
     * the previous runtime version's {@code --check-config} prints for a key it does not know.
     */
    private static final String POD_REFUSING_THE_CONFIG = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {
                "name": "%s",
                "generateName": "gateway-7f9c6d5b8-",
                "labels": {
                  "app.kubernetes.io/instance": "gateway",
                  "app.kubernetes.io/managed-by": "otlp-fleet-operator",
                  "app.kubernetes.io/name": "otlp-exporter",
                  "pod-template-hash": "7f9c6d5b8"
                },
                "annotations": {"otlp.dev/config-hash": "%s"}
              },
              "spec": {
                "initContainers": [{
                  "name": "check-config",
                  "image": "registry.example/otlp-exporter-runtime:0.1.0",
                  "args": ["--check-config", "--config", "/etc/otlp/config/config.toml"],
                  "terminationMessagePath": "/dev/termination-log",
                  "terminationMessagePolicy": "FallbackToLogsOnError"
                }],
                "containers": [{"name": "exporter", "image": "registry.example/otlp-exporter-runtime:0.1.0"}]
              },
              "status": {
                "phase": "Pending",
                "conditions": [
                  {"type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": "2026-12-07T17:02:11Z"},
                  {"type": "Initialized", "status": "False", "lastTransitionTime": "2026-12-07T17:02:10Z",
                   "reason": "ContainersNotInitialized", "message": "containers with incomplete status: [check-config]"},
                  {"type": "Ready", "status": "False", "lastTransitionTime": "2026-12-07T17:02:10Z",
                   "reason": "ContainersNotReady", "message": "containers with unready status: [exporter]"},
                  {"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-12-07T17:02:10Z"}
                ],
                "hostIP": "10.0.1.7",
                "podIP": "10.244.1.23",
                "startTime": "2026-12-07T17:02:10Z",
                "initContainerStatuses": [{
                  "name": "check-config",
                  "state": {"waiting": {"reason": "CrashLoopBackOff",
                    "message": "back-off 20s restarting failed container=check-config pod=gateway-7f9c6d5b8-x2k4q_default(5d1c)"}},
                  "lastState": {"terminated": {"exitCode": 2, "reason": "Error",
                    "message": "queue.shutdown_delay: unknown key; [queue] has max_items, max_bytes, high_water_mark, drain_timeout, max_age, persistent, directory, max_disk_bytes, sync\\n",
                    "startedAt": "2026-12-07T17:02:31Z", "finishedAt": "2026-12-07T17:02:32Z",
                    "containerID": "containerd://8a1f"}},
                  "ready": false,
                  "restartCount": 2,
                  "image": "registry.example/otlp-exporter-runtime:0.1.0",
                  "imageID": "registry.example/otlp-exporter-runtime@sha256:0c4f",
                  "containerID": "containerd://8a1f",
                  "started": false
                }],
                "containerStatuses": [{
                  "name": "exporter",
                  "state": {"waiting": {"reason": "PodInitializing"}},
                  "lastState": {},
                  "ready": false,
                  "restartCount": 0,
                  "image": "registry.example/otlp-exporter-runtime:0.1.0",
                  "imageID": "",
                  "started": false
                }],
                "qosClass": "Burstable"
              }
            }
            """;

    private final Cluster cluster = new Cluster(env);
    /** No resync within the test: only the pod's own events can reconcile the exporter. */
    private final FleetUnderTest fleet = new FleetUnderTest(env, Duration.ofMinutes(10));

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void namesTheKeyTheNewPodsImageRefusedWithoutWaitingForAResync() {
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        String previousConfig = cluster.exporter("gateway").getStatus().getConfigHash();
        cluster.editSpec("gateway", spec -> spec.setShutdownDelay("8s"));
        OperatorTestEnvironment.awaitUntil("the new configuration is rolling out", () ->
                !previousConfig.equals(cluster.exporter("gateway").getStatus().getConfigHash())
                        && "RollingOut".equals(cluster.condition("gateway", "Progressing").getReason()));
        String newConfig = Cluster.configHash(cluster.get(Deployment.class, "gateway"));

        startPod(POD_REFUSING_THE_CONFIG.formatted("gateway-5b7d9c4f6-q8m2w", previousConfig));
        Cluster.sleep(Duration.ofSeconds(3));
        assertThat(cluster.condition("gateway", "Degraded").getReason())
                .as("a pod of the previous configuration is not the new version's refusal").isEqualTo("AsExpected");

        startPod(POD_REFUSING_THE_CONFIG.formatted("gateway-7f9c6d5b8-x2k4q", newConfig));

        Condition degraded = cluster.awaitCondition("gateway", "Degraded", "True", "ConfigRefused");
        assertThat(degraded.getMessage()).isEqualTo("pod gateway-7f9c6d5b8-x2k4q: image registry.example/otlp-exporter-runtime:0.1.0"
                + " refuses this configuration (queue.shutdown_delay: unknown key; [queue] has max_items, max_bytes,"
                + " high_water_mark, drain_timeout, max_age, persistent, directory, max_disk_bytes, sync); the pods of the"
                + " previous configuration keep serving");
        assertThat(cluster.condition("gateway", "Progressing")).satisfies(progressing -> {
            assertThat(progressing.getStatus()).isEqualTo("False");
            assertThat(progressing.getReason()).isEqualTo("ConfigRefused");
        });
        assertThat(cluster.condition("gateway", "Ready").getStatus()).isEqualTo("False");
    }

    /** Creates the pod, then sets its status as the kubelet does, through the status subresource. */
    private void startPod(String json) {
        Pod pod = Serialization.unmarshal(json, Pod.class);
        cluster.create(new PodBuilder(pod).withStatus(null).build());
        env.client().pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName())
                .editStatus(created -> new PodBuilder(created).withStatus(pod.getStatus()).build());
    }
}
