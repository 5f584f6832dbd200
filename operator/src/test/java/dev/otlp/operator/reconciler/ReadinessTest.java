package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.LogLevel;
import dev.otlp.operator.api.LoggingSpec;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Ready means the pods of the current spec are ready, and a condition that holds keeps its lastTransitionTime. */
class ReadinessTest {

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

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void readyPodsOfAnOlderGenerationAreNotReadyUntilTheRolloutCatchesUp() {
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        Condition ready = cluster.condition("gateway", "Ready");
        assertThat(cluster.exporter("gateway").getStatus().getReady()).as("the READY column").isEqualTo("2/2");
        assertThat(cluster.events("gateway", "Created")).singleElement()
                .satisfies(event -> assertThat(event.getType()).isEqualTo("Normal"));
        assertThat(cluster.get(Deployment.class, "gateway").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getName()).isEqualTo("gateway");
                    assertThat(owner.getController()).isTrue();
                    assertThat(owner.getBlockOwnerDeletion()).isTrue();
                });
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.condition("gateway", "Ready")).as("Ready while it holds").isEqualTo(ready);

        cluster.editSpec("gateway", spec -> {
            LoggingSpec logging = new LoggingSpec();
            logging.setLevel(LogLevel.WARN);
            spec.setLogging(logging);
        });

        Condition rollingOut = cluster.awaitCondition("gateway", "Ready", "False", "PodsNotReady");
        assertThat(cluster.events("gateway", "RollingOut")).singleElement()
                .satisfies(event -> assertThat(event.getMessage()).startsWith("the configuration changed (config "));
        assertThat(cluster.condition("gateway", "Progressing").getStatus()).isEqualTo("True");
        Deployment deployment = cluster.get(Deployment.class, "gateway");
        assertThat(deployment.getStatus().getReadyReplicas()).as("the old pods are all ready").isEqualTo(2);
        assertThat(deployment.getStatus().getObservedGeneration()).isLessThan(deployment.getMetadata().getGeneration());
        assertThat(cluster.exporter("gateway").getStatus().getObservedGeneration()).isEqualTo(2);
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.condition("gateway", "Ready")).as("Ready=False while it holds").isEqualTo(rollingOut);

        env.kubelet().markReady(cluster.namespace(), "gateway");

        Condition readyAgain = cluster.awaitCondition("gateway", "Ready", "True", "PodsReady");
        assertThat(cluster.condition("gateway", "Progressing").getStatus()).isEqualTo("False");
        assertThat(readyAgain.getLastTransitionTime()).isGreaterThanOrEqualTo(rollingOut.getLastTransitionTime());
    }
}
