package dev.otlp.operator.reconciler;

import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code UpstreamReachable}: the operator asks the runtime pods (their {@code /ready} body) whether
 * the upstream takes exports, says why not in the condition, and writes it only when it changes.
 */
class UpstreamReachableTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String GATEWAY = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
            """;

    private final Cluster cluster = new Cluster(env);
    private final RuntimeReadiness runtime = new RuntimeReadiness();
    private final FleetUnderTest fleet = new FleetUnderTest(env,
            new OperatorSettings(FleetUnderTest.IMAGE, Set.of(), null, Cluster.RESYNC, runtime.port()));

    @AfterEach
    void stop() {
        fleet.close();
        runtime.close();
    }

    @Test
    void reportsWhatTheRuntimePodsSayOfTheirUpstream() {
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        assertThat(cluster.condition("gateway", "UpstreamReachable")).as("before any pod answered").isNull();

        runtime.answer("""
                {"status":"NOT_READY","reasons":["upstream refuses exports"],
                 "upstream":{"state":"blocked","reason":"unauthenticated","message":"invalid API key"}}""");
        startPod("gateway-6d4cf-abcde");

        Condition refused = cluster.awaitCondition("gateway", "UpstreamReachable", "False", "Unauthenticated");
        assertThat(refused.getMessage()).isEqualTo("pod gateway-6d4cf-abcde: unauthenticated: invalid API key (1 of 1 pods answered)");
        assertThat(cluster.condition("gateway", "Ready").getStatus()).as("the pods themselves are ready").isEqualTo("True");
        assertThat(cluster.operatorWritesWhileIdle(fleet)).as("an unchanged answer writes nothing").isEmpty();

        runtime.answer("""
                {"status":"READY","upstream":{"state":"unreachable","reason":"unavailable","message":"connection refused"}}""");
        cluster.awaitCondition("gateway", "UpstreamReachable", "False", "Unreachable");

        runtime.answer("""
                {"status":"READY","upstream":{"state":"delivering"}}""");
        Condition delivering = cluster.awaitCondition("gateway", "UpstreamReachable", "True", "Delivering");
        assertThat(delivering.getMessage()).isEqualTo("the upstream takes exports (1 of 1 pods answered)");

        runtime.answer("""
                {"status":"READY","upstream":{"state":"delivering","active":"failover-1","endpoint":"https://eu.example.com:4317"}}""");
        Condition failedOver = cluster.awaitCondition("gateway", "UpstreamReachable", "True", "FailedOver");
        assertThat(failedOver.getMessage()).isEqualTo("pod gateway-6d4cf-abcde exports to failover-1 (https://eu.example.com:4317),"
                + " not to spec.upstream, which failed; it fails back once a probe succeeds (1 of 1 pods answered)");

        runtime.answer("""
                {"status":"READY","upstream":{"state":"delivering","active":"primary","endpoint":"https://collector.example.com:4317"}}""");
        delivering = cluster.awaitCondition("gateway", "UpstreamReachable", "True", "Delivering");
        assertThat(delivering.getMessage()).isEqualTo("the upstream takes exports; exporting to primary"
                + " (https://collector.example.com:4317) (1 of 1 pods answered)");

        runtime.close();
        Cluster.sleep(Cluster.RESYNC.multipliedBy(5));
        assertThat(cluster.condition("gateway", "UpstreamReachable")).as("kept while no pod answers").isEqualTo(delivering);
    }

    /** A pod of the exporter, running on this machine's loopback address as far as the operator can tell. */
    private void startPod(String name) {
        cluster.create(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of(
                        "app.kubernetes.io/name", "otlp-exporter", "app.kubernetes.io/instance", "gateway",
                        "app.kubernetes.io/managed-by", "otlp-fleet-operator")).endMetadata()
                .withNewSpec().addNewContainer().withName("exporter").withImage(FleetUnderTest.IMAGE).endContainer().endSpec()
                .build());
        env.client().pods().inNamespace(cluster.namespace()).withName(name).editStatus(pod -> new PodBuilder(pod)
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus().build());
    }

    /** The runtime pods' health port, answering {@code /ready} with what the test says. */
    private static final class RuntimeReadiness implements AutoCloseable {
        private final HttpServer server;
        private volatile String body = "{\"status\":\"READY\"}";

        RuntimeReadiness() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/ready", exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(body.contains("NOT_READY") ? 503 : 200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void answer(String json) {
            body = json;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
