package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A spec that cannot run is refused with a reason naming the field, and what runs is left exactly as it was. */
class InvalidSpecTest {

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
              batching:
                size: 100
                maxSize: 1000
            """;

    private static final Map<Class<? extends HasMetadata>, String> RUNNING_OBJECTS = Map.of(
            Deployment.class, "gateway", ConfigMap.class, "gateway-config", Service.class, "gateway",
            ServiceAccount.class, "gateway");

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void batchingMaxSizeBelowSizeIsRefusedNamingTheFieldAndLeavesTheRunningFleetAlone() {
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        Map<String, String> before = cluster.resourceVersions(RUNNING_OBJECTS);

        cluster.editSpec("gateway", spec -> spec.getBatching().setMaxSize(50));

        Condition ready = cluster.awaitCondition("gateway", "Ready", "False", "InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.batching.maxSize");
        assertThat(cluster.exporter("gateway").getStatus().getObservedGeneration()).isEqualTo(2);
        assertThat(cluster.events("gateway", "InvalidSpec")).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains("spec.batching.maxSize");
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("OtlpExporter");
        });
        assertThat(cluster.operatorWritesWhileIdle(fleet)).as("writes while the spec stays invalid").isEmpty();
        assertThat(cluster.resourceVersions(RUNNING_OBJECTS)).isEqualTo(before);
        assertThat(cluster.events("gateway", "InvalidSpec")).as("one Event, not one per resync").hasSize(1);

        cluster.editSpec("gateway", spec -> spec.getBatching().setMaxSize(200));

        cluster.awaitCondition("gateway", "Ready", "False", "PodsNotReady");
        assertThat(cluster.get(ConfigMap.class, "gateway-config").getData().get("config.toml")).contains("200");
        cluster.awaitReady("gateway");
    }

    @Test
    void anUpstreamThatIsTheExportersOwnServiceIsRefused() {
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        Map<String, String> before = cluster.resourceVersions(RUNNING_OBJECTS);

        cluster.editSpec("gateway", spec -> spec.getUpstream()
                .setEndpoint("http://gateway." + cluster.namespace() + ".svc:4317"));

        Condition ready = cluster.awaitCondition("gateway", "Ready", "False", "InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.upstream.endpoint");
        assertThat(cluster.events("gateway", "InvalidSpec")).singleElement()
                .satisfies(event -> assertThat(event.getType()).isEqualTo("Warning"));
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.resourceVersions(RUNNING_OBJECTS)).isEqualTo(before);

        cluster.editSpec("gateway", spec -> spec.getUpstream().setEndpoint("http://collector.observability.svc:4317"));

        cluster.awaitCondition("gateway", "Ready", "True", "PodsReady");
        assertThat(cluster.resourceVersions(RUNNING_OBJECTS)).as("the valid spec is the one already running")
                .isEqualTo(before);
    }

    @Test
    void anInvalidSpecOnCreateCreatesNothing() {
        cluster.create(GATEWAY.replace("maxSize: 1000", "maxSize: 10"));

        Condition ready = cluster.awaitCondition("gateway", "Ready", "False", "InvalidSpec");
        assertThat(ready.getMessage()).contains("spec.batching.maxSize");
        assertThat(cluster.events("gateway", "InvalidSpec")).hasSize(1);
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.list(Deployment.class)).isEmpty();
        assertThat(cluster.list(ConfigMap.class)).isEmpty();
        assertThat(cluster.list(Service.class)).isEmpty();
        assertThat(cluster.list(ServiceAccount.class)).isEmpty();
        assertThat(cluster.list(Secret.class)).isEmpty();
        assertThat(cluster.list(Event.class)).extracting(Event::getReason).containsOnly("InvalidSpec");
    }

    @Test
    void replicasBesideAutoscalingIsAppliedWithAWarningThatGoesOnceItIsRemoved() {
        cluster.create(GATEWAY.replace("  replicas: 2\n", "  replicas: 2\n  autoscaling:\n    minReplicas: 2\n    maxReplicas: 6\n"));

        Condition warning = cluster.awaitCondition("gateway", "Warning", "True", "RiskySettings");
        assertThat(warning.getMessage()).contains("spec.replicas", "ignored while spec.autoscaling is set");
        cluster.awaitReady("gateway");
        assertThat(cluster.events("gateway", "RiskySettings")).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).contains("spec.replicas");
        });

        cluster.editSpec("gateway", spec -> spec.setReplicas(null));

        cluster.awaitCondition("gateway", "Warning", "False", "None");
        assertThat(cluster.events("gateway", "RiskySettings")).as("one Event, not one per reconcile").hasSize(1);
    }

    @Test
    void anExportSizeOverTheCollectorsGrpcDefaultIsAppliedWithAWarning() {
        cluster.create(GATEWAY.replace("    endpoint: http://collector.observability.svc:4317\n",
                "    endpoint: http://collector.observability.svc:4317\n    maxExportSize: 16Mi\n"));

        Condition warning = cluster.awaitCondition("gateway", "Warning", "True", "RiskySettings");
        assertThat(warning.getMessage()).contains("spec.upstream.maxExportSize", "16777216 bytes", "max_recv_msg_size_mib");
        cluster.awaitReady("gateway");
        assertThat(cluster.get(ConfigMap.class, "gateway-config").getData().get("config.toml")).contains("16MiB");
    }
}
