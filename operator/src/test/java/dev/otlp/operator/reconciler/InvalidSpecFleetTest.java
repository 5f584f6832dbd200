package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.InvalidSpecCases.Case;
import dev.otlp.operator.testing.InvalidSpecCases;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every invalid OtlpExporter of the catalogue at once, stored as an API server without the CRD's
 * schema would store them, next to a valid one: the valid one is reconciled to ready, each invalid
 * one gets {@code Ready=False} naming its field and one Warning Event, none gets a Deployment, and
 * the operator goes on reconciling.
 */
class InvalidSpecFleetTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String GOOD = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: good
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void everyInvalidCaseIsRefusedOnItsOwnStatusWhileAValidExporterIsReconciled() {
        for (int i = 0; i < InvalidSpecCases.ALL.size(); i++) {
            String yaml = InvalidSpecCases.ALL.get(i).resource(name(i), cluster.namespace());
            env.client().resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
        }
        cluster.create(GOOD);

        cluster.awaitReady("good");
        for (int i = 0; i < InvalidSpecCases.ALL.size(); i++) {
            Case invalid = InvalidSpecCases.ALL.get(i);
            String name = invalid.name(name(i));
            Condition ready = cluster.awaitCondition(name, "Ready", "False", "InvalidSpec");
            assertThat(ready.getMessage()).as(invalid.title()).contains(invalid.field());
            assertThat(cluster.events(name, "InvalidSpec")).as(invalid.title()).hasSize(1);
            assertThat(cluster.get(Deployment.class, name)).as(invalid.title()).isNull();
        }

        cluster.editSpec("good", spec -> spec.setReplicas(3));
        OperatorTestEnvironment.awaitUntil("the operator still reconciles the good one",
                () -> cluster.get(Deployment.class, "good").getSpec().getReplicas() == 3);
    }

    private static String name(int index) {
        return "invalid-" + (index + 1);
    }
}
