package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The real operator turns an OtlpExporter into its objects, reports Ready only when pods are, and then stays quiet. */
class FleetReconcileTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String GATEWAY = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              profile: balanced
              replicas: 2
              upstream:
                endpoint: http://collector.observability.svc:4317
            """;

    private final String namespace = OperatorTestEnvironment.uniqueNamespace();
    private FleetUnderTest fleet;

    @AfterEach
    void stopOperator() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void createsEveryObjectOwnedAndLabelledAndReportsReadyOnlyOncePodsAre() {
        fleet = new FleetUnderTest(env, Duration.ofMinutes(10));
        KubernetesClient client = env.client();
        OtlpExporter created = client.resource(FleetUnderTest.exporter(namespace, GATEWAY)).create();

        awaitUntil("the Deployment exists", () -> get(Deployment.class, "gateway") != null);
        List<HasMetadata> objects = List.of(get(ConfigMap.class, "gateway-config"), get(Deployment.class, "gateway"),
                get(Service.class, "gateway"), get(ServiceAccount.class, "gateway"),
                get(PodDisruptionBudget.class, "gateway"));
        assertThat(objects).allSatisfy(object -> {
            assertThat(object.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                    "app.kubernetes.io/name", "otlp-exporter",
                    "app.kubernetes.io/instance", "gateway",
                    "app.kubernetes.io/managed-by", "otlp-fleet-operator"));
            assertThat(object.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid()));
        });
        assertThat(get(ConfigMap.class, "gateway-config").getData().get("config.toml"))
                .contains("endpoint = \"http://collector.observability.svc:4317\"");

        awaitUntil("a status", () -> FleetUnderTest.condition(exporter(), "Ready").isPresent());
        OtlpExporter pending = exporter();
        assertThat(FleetUnderTest.condition(pending, "Ready").orElseThrow().getStatus()).isEqualTo("False");
        assertThat(pending.getStatus().getObservedGeneration()).isEqualTo(1);
        assertThat(pending.getStatus().getEndpoint()).isEqualTo("gateway." + namespace + ".svc:4317");
        assertThat(pending.getStatus().getSelector())
                .isEqualTo("app.kubernetes.io/instance=gateway,app.kubernetes.io/name=otlp-exporter");
        assertThat(pending.getStatus().getConfigHash()).isEqualTo(get(Deployment.class, "gateway").getSpec().getTemplate()
                .getMetadata().getAnnotations().get("otlp.dev/config-hash"));

        env.kubelet().markReady(namespace, "gateway");

        awaitUntil("Ready=True", () -> FleetUnderTest.condition(exporter(), "Ready")
                .map(c -> c.getStatus().equals("True")).orElse(false));
        assertThat(exporter().getStatus().getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void makesNoWriteRequestsWhenNothingChanged() {
        fleet = new FleetUnderTest(env, Duration.ofMillis(200));
        env.client().resource(FleetUnderTest.exporter(namespace, GATEWAY)).create();
        awaitUntil("the Deployment exists", () -> get(Deployment.class, "gateway") != null);
        env.kubelet().markReady(namespace, "gateway");
        awaitUntil("Ready=True", () -> FleetUnderTest.condition(exporter(), "Ready")
                .map(c -> c.getStatus().equals("True")).orElse(false));
        sleep(Duration.ofSeconds(1));

        int mark = env.requests().mark();
        double reconciled = fleet.reconciliationsStarted();
        sleep(Duration.ofSeconds(2));

        assertThat(fleet.reconciliationsStarted()).as("reconciliations meanwhile").isGreaterThan(reconciled + 3);
        assertThat(env.requests().writesSince(mark, OperatorTestEnvironment.OPERATOR_USER_AGENT))
                .as("write requests over about ten resyncs").isEmpty();
    }

    private OtlpExporter exporter() {
        return get(OtlpExporter.class, "gateway");
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return env.client().resources(type).inNamespace(namespace).withName(name).get();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
