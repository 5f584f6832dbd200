package dev.otlp.operator.status;

import dev.otlp.operator.api.RetainedQueueStatus;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims of scaled-down replicas that hold data, read from the runtime container's termination message in pods
 * as the API server sends them, and remembered after the pods are gone until their ordinals run again.
 */
class RetainedQueuesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");

    /**
     * Pod gateway-N of the StatefulSet, terminating after a scale-down: the runtime exited 0 and the kubelet copied
     * its termination message into the container's terminated state.
     */
    private static final String TERMINATING_POD = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {
                "name": "gateway-%d",
                "namespace": "observability",
                "deletionTimestamp": "2026-12-07T17:40:02Z",
                "deletionGracePeriodSeconds": 48,
                "labels": {
                  "app.kubernetes.io/instance": "gateway",
                  "app.kubernetes.io/managed-by": "otlp-fleet-operator",
                  "app.kubernetes.io/name": "otlp-exporter",
                  "apps.kubernetes.io/pod-index": "%1$d",
                  "controller-revision-hash": "gateway-6c9f7b8d4",
                  "statefulset.kubernetes.io/pod-name": "gateway-%1$d"
                },
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "gateway",
                  "uid": "0b7c", "controller": true, "blockOwnerDeletion": true}]
              },
              "spec": {
                "containers": [{"name": "exporter", "image": "registry.example/otlp-exporter-runtime:0.1.0",
                  "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}],
                "volumes": [{"name": "queue", "persistentVolumeClaim": {"claimName": "queue-gateway-%1$d"}}]
              },
              "status": {
                "phase": "Running",
                "conditions": [{"type": "Ready", "status": "False", "lastTransitionTime": "2026-12-07T17:40:02Z",
                  "reason": "ContainersNotReady", "message": "containers with unready status: [exporter]"}],
                "podIP": "10.244.1.31",
                "containerStatuses": [{
                  "name": "exporter",
                  "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                    "message": "%s\\n",
                    "startedAt": "2026-12-07T09:12:44Z", "finishedAt": "2026-12-07T17:40:09Z",
                    "containerID": "containerd://41be"}},
                  "lastState": {},
                  "ready": false,
                  "restartCount": 0,
                  "image": "registry.example/otlp-exporter-runtime:0.1.0",
                  "imageID": "registry.example/otlp-exporter-runtime@sha256:0c4f",
                  "containerID": "containerd://41be",
                  "started": false
                }]
              }
            }
            """;
    private static final String RETAINED = "queue retained: 1202360 bytes, 20000 items in /var/lib/otlp-queue;"
            + " delivered after the next start on this volume";

    @Test
    void namesTheClaimAndTheBytesAScaledDownReplicaLeft() {
        List<RetainedQueueStatus> retained = RetainedQueues.of("gateway",
                List.of(pod(0, "shut down: everything received was delivered"), pod(2, RETAINED)), 2, null, NOW);

        assertThat(retained).singleElement().satisfies(queue -> {
            assertThat(queue.getClaim()).isEqualTo("queue-gateway-2");
            assertThat(queue.getPod()).isEqualTo("gateway-2");
            assertThat(queue.getBytes()).isEqualTo(1_202_360L);
            assertThat(queue.getItems()).isEqualTo(20_000L);
            assertThat(queue.getSince()).isEqualTo("2026-12-07T17:40:09Z");
        });
        ConditionState condition = RetainedQueues.condition(retained);
        assertThat(condition.status()).isTrue();
        assertThat(condition.message()).isEqualTo("claim queue-gateway-2 holds 1202360 bytes (20000 items) that pod"
                + " gateway-2 could not deliver before it stopped; scale to at least 3 replicas to deliver it (the claims"
                + " are kept)");
    }

    @Test
    void remembersTheClaimAfterThePodIsGoneUntilItsOrdinalRunsAgain() {
        List<RetainedQueueStatus> seen = RetainedQueues.of("gateway", List.of(pod(2, RETAINED)), 2, null, NOW);

        assertThat(RetainedQueues.of("gateway", List.of(), 2, seen, NOW)).isEqualTo(seen);
        assertThat(RetainedQueues.of("gateway", List.of(), 1, seen, NOW)).as("scaled further down").isEqualTo(seen);
        assertThat(RetainedQueues.of("gateway", List.of(), 3, seen, NOW)).as("gateway-2 runs again and replays it").isEmpty();
        assertThat(RetainedQueues.condition(List.of()).status()).isFalse();
    }

    @Test
    void aReplicaThatRestartsInPlaceOrStoppedEmptyOrBelongsToAnotherExporterIsNoScaledDownClaim() {
        assertThat(RetainedQueues.of("gateway", List.of(pod(1, RETAINED)), 2, null, NOW)).as("ordinal still wanted").isEmpty();
        assertThat(RetainedQueues.of("gateway", List.of(pod(2, "shut down: everything received was delivered")), 2, null,
                NOW)).isEmpty();
        assertThat(RetainedQueues.of("gate", List.of(pod(2, RETAINED)), 0, null, NOW)).as("gateway-2 is not gate-2").isEmpty();
    }

    @Test
    void aClaimThatARestartedReplicaReplayedOrThatItsLastStopEmptiedIsNotReported() {
        Pod restartedThenStopping = pod(2, RETAINED);
        var exporter = restartedThenStopping.getStatus().getContainerStatuses().get(0);
        exporter.setLastState(exporter.getState());
        exporter.setState(Serialization.unmarshal("{\"running\": {\"startedAt\": \"2026-12-07T17:41:00Z\"}}",
                ContainerState.class));
        assertThat(RetainedQueues.of("gateway", List.of(restartedThenStopping), 2, null, NOW))
                .as("still running: what it kept before its restart was replayed").isEmpty();

        List<RetainedQueueStatus> seen = RetainedQueues.of("gateway", List.of(pod(2, RETAINED)), 2, null, NOW);
        assertThat(RetainedQueues.of("gateway", List.of(pod(2, "shut down: everything received was delivered")), 2,
                seen, NOW)).as("a later stop of the same replica delivered everything").isEmpty();
    }

    private static Pod pod(int ordinal, String terminationMessage) {
        return Serialization.unmarshal(TERMINATING_POD.formatted(ordinal, terminationMessage), Pod.class);
    }
}
