package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.RetainedQueueStatus;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import com.sun.net.httpserver.HttpServer;
import dev.otlp.operator.app.OperatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A StatefulSet replica scaled down while its upstream was down: its runtime left data on its claim and said how
 * much in its termination message. The operator names the claim and the bytes in the status, keeps saying so after
 * the pod is gone, and stops once the exporter scales back to include that replica, which replays the claim. The
 * operator's own /metrics carries the same as a gauge, the alert's series, for as long as the status names the claim.
 */
class ScaledDownClaimTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String GATEWAY = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              replicas: 3
              upstream:
                endpoint: http://collector.observability.svc:4317
              queue:
                persistence:
                  type: persistentVolumeClaim
                  size: 2Gi
            """;

    /** gateway-2 as the API server returns it while the kubelet finishes deleting it: the runtime has exited 0. */
    private static final String SCALED_DOWN_POD = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {
                "name": "gateway-2",
                "labels": {
                  "app.kubernetes.io/instance": "gateway",
                  "app.kubernetes.io/managed-by": "otlp-fleet-operator",
                  "app.kubernetes.io/name": "otlp-exporter",
                  "apps.kubernetes.io/pod-index": "2",
                  "statefulset.kubernetes.io/pod-name": "gateway-2"
                }
              },
              "spec": {
                "containers": [{"name": "exporter", "image": "registry.example/otlp-exporter-runtime:0.1.0"}],
                "volumes": [{"name": "queue", "persistentVolumeClaim": {"claimName": "queue-gateway-2"}}]
              },
              "status": {
                "phase": "Running",
                "conditions": [{"type": "Ready", "status": "False", "lastTransitionTime": "2026-12-07T17:40:02Z",
                  "reason": "ContainersNotReady", "message": "containers with unready status: [exporter]"}],
                "containerStatuses": [{
                  "name": "exporter",
                  "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                    "message": "queue retained: 73400320 bytes, 163000 items in /var/lib/otlp-exporter/queue; delivered after the next start on this volume\\n",
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

    /** Replica 0, running, whose {@code /ready} the reconciles ask. */
    private static final String RUNNING_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "gateway-0", "labels": {"app.kubernetes.io/instance": "gateway",
               "app.kubernetes.io/managed-by": "otlp-fleet-operator", "app.kubernetes.io/name": "otlp-exporter"}},
             "spec": {"containers": [{"name": "exporter", "image": "registry.example/otlp-exporter-runtime:0.1.0"}]},
             "status": {"phase": "Running", "podIP": "127.0.0.1"}}
            """;

    private final Cluster cluster = new Cluster(env);
    private final HeldReadiness readiness = new HeldReadiness();
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env,
            new OperatorSettings(FleetUnderTest.IMAGE, Set.of(), null, Cluster.RESYNC, readiness.port()));

    @AfterEach
    void stopReadiness() {
        readiness.close();
    }

    @Test
    void namesTheClaimAndBytesAScaledDownReplicaLeftUntilAScaleUpReplaysIt() {
        cluster.create(GATEWAY);
        awaitUntil("StatefulSet gateway exists", () -> cluster.get(StatefulSet.class, "gateway") != null);
        env.kubelet().markStatefulSetReady(cluster.namespace(), "gateway");
        Condition none = cluster.awaitCondition("gateway", "QueueRetained", "False", "None");
        assertThat(none.getMessage()).isEqualTo("no claim of a scaled-down replica holds undelivered data");

        scaleTo(2);
        startPod(SCALED_DOWN_POD);

        Condition retained = cluster.awaitCondition("gateway", "QueueRetained", "True", "UndeliveredOnScaledDownClaims");
        assertThat(retained.getMessage()).isEqualTo("claim queue-gateway-2 holds 73400320 bytes (163000 items) that pod"
                + " gateway-2 could not deliver before it stopped; scale to at least 3 replicas to deliver it (the claims"
                + " are kept)");
        assertThat(cluster.exporter("gateway").getStatus().getRetainedQueues()).singleElement().satisfies(queue -> {
            assertThat(queue.getClaim()).isEqualTo("queue-gateway-2");
            assertThat(queue.getBytes()).isEqualTo(73_400_320L);
            assertThat(queue.getSince()).isEqualTo("2026-12-07T17:40:09Z");
        });
        awaitUntil("the operator exports the claim's bytes", () -> !retainedQueueBytesInThisNamespace().isEmpty());
        assertThat(retainedQueueBytesInThisNamespace()).containsExactly(entry(retainedOnGateway2(), 73_400_320.0));

        env.client().pods().inNamespace(cluster.namespace()).withName("gateway-2").delete();
        awaitUntil("gateway-2 is gone", () -> cluster.get(Pod.class, "gateway-2") == null);
        Cluster.sleep(Cluster.RESYNC.multipliedBy(10));
        assertThat(cluster.exporter("gateway").getStatus().getRetainedQueues()).as("remembered after the pod is gone")
                .extracting(RetainedQueueStatus::getClaim).containsExactly("queue-gateway-2");
        assertThat(cluster.condition("gateway", "QueueRetained").getStatus()).isEqualTo("True");
        assertThat(cluster.events("gateway", "QueueRetained")).as("one Warning Event for the claim").singleElement()
                .satisfies(event -> {
                    assertThat(event.getType()).isEqualTo("Warning");
                    assertThat(event.getMessage()).isEqualTo("claim queue-gateway-2 holds 73400320 bytes (163000 items)"
                            + " that scaled-down pod gateway-2 could not deliver; scaling back to include it delivers them");
                });
        assertThat(retainedQueueBytesInThisNamespace()).as("exported after the pod is gone")
                .containsExactly(entry(retainedOnGateway2(), 73_400_320.0));

        scaleTo(3);

        cluster.awaitCondition("gateway", "QueueRetained", "False", "None");
        assertThat(cluster.exporter("gateway").getStatus().getRetainedQueues()).isNull();
        awaitUntil("the claim's series is gone", () -> retainedQueueBytesInThisNamespace().isEmpty());
    }

    /** A deleted exporter is not reconciled again: its claims' series go with it from the operator's cache. */
    @Test
    void stopsExportingTheClaimsOfADeletedExporter() {
        cluster.create(GATEWAY);
        awaitUntil("StatefulSet gateway exists", () -> cluster.get(StatefulSet.class, "gateway") != null);
        env.kubelet().markStatefulSetReady(cluster.namespace(), "gateway");
        scaleTo(2);
        startPod(SCALED_DOWN_POD);
        awaitUntil("the operator exports the claim's bytes", () -> !retainedQueueBytesInThisNamespace().isEmpty());
        assertThat(retainedQueueBytesInThisNamespace()).containsExactly(entry(retainedOnGateway2(), 73_400_320.0));

        env.client().resources(OtlpExporter.class).inNamespace(cluster.namespace()).withName("gateway").delete();

        awaitUntil("the claim's series is gone", () -> retainedQueueBytesInThisNamespace().isEmpty());
        assertThat(cluster.exporter("gateway")).isNull();
    }

    /** The operator watches every namespace, including earlier tests' exporters. */
    private Map<Map<String, String>, Double> retainedQueueBytesInThisNamespace() {
        return fleet.retainedQueueBytes().entrySet().stream()
                .filter(series -> cluster.namespace().equals(series.getKey().get("exporter_namespace")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private Map<String, String> retainedOnGateway2() {
        return Map.of("exporter_namespace", cluster.namespace(), "exporter", "gateway", "claim", "queue-gateway-2");
    }

    /**
     * The kubelet deletes a scaled-down pod right after its runtime exits, so the one update that carries the
     * termination message may be followed by the deletion before the exporter is reconciled: here a reconcile is held
     * in its probe of {@code gateway-0} while {@code gateway-2} stops and is deleted.
     */
    @Test
    void namesTheClaimOfAReplicaDeletedBeforeTheNextReconcile() throws InterruptedException {
        cluster.create(GATEWAY);
        awaitUntil("StatefulSet gateway exists", () -> cluster.get(StatefulSet.class, "gateway") != null);
        env.kubelet().markStatefulSetReady(cluster.namespace(), "gateway");
        startPod(RUNNING_POD);
        scaleTo(2);
        cluster.awaitCondition("gateway", "QueueRetained", "False", "None");

        readiness.hold();
        startPod(SCALED_DOWN_POD);
        env.client().pods().inNamespace(cluster.namespace()).withName("gateway-2").delete();
        awaitUntil("gateway-2 is gone", () -> cluster.get(Pod.class, "gateway-2") == null);
        Cluster.sleep(Duration.ofMillis(300));
        readiness.release();

        Condition retained = cluster.awaitCondition("gateway", "QueueRetained", "True", "UndeliveredOnScaledDownClaims");
        assertThat(retained.getMessage()).startsWith("claim queue-gateway-2 holds 73400320 bytes (163000 items)");
    }

    private void scaleTo(int replicas) {
        cluster.editSpec("gateway", spec -> spec.setReplicas(replicas));
        awaitUntil("the StatefulSet wants " + replicas, () ->
                cluster.get(StatefulSet.class, "gateway").getSpec().getReplicas() == replicas);
        env.kubelet().markStatefulSetReady(cluster.namespace(), "gateway");
    }

    /** The runtime's {@code /ready}, which can be made to keep the reconcile that asks it waiting for a while. */
    private static final class HeldReadiness implements AutoCloseable {
        private final HttpServer server;
        private volatile CountDownLatch held = new CountDownLatch(0);
        private final Semaphore asked = new Semaphore(0);

        HeldReadiness() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/ready", exchange -> {
                asked.release();
                try {
                    held.await(1500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "{\"status\":\"READY\",\"upstream\":{\"state\":\"delivering\"}}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        /** Returns once a reconcile waits for an answer, which it gets at {@link #release()} (at most 1.5 s later). */
        void hold() throws InterruptedException {
            held = new CountDownLatch(1);
            asked.drainPermits();
            assertThat(asked.tryAcquire(30, TimeUnit.SECONDS)).as("a reconcile asks gateway-0").isTrue();
        }

        void release() {
            held.countDown();
        }

        @Override
        public void close() {
            release();
            server.stop(0);
        }
    }

    /** Creates the pod, then sets its status as the kubelet does, through the status subresource. */
    private void startPod(String json) {
        Pod pod = Serialization.unmarshal(json, Pod.class);
        cluster.create(new PodBuilder(pod).withStatus(null).build());
        env.client().pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName())
                .editStatus(created -> new PodBuilder(created).withStatus(pod.getStatus()).build());
    }
}
