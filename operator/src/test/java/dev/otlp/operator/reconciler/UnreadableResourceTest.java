package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resource the Java model cannot read (a number past its type, an enum value from a newer CRD, a
 * field of the wrong type), which an API server without the CRD's bounds stores: the operator
 * reports it on its own status and goes on reconciling every other resource.
 */
class UnreadableResourceTest {

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an int overflow        | batching      | {"size": 99999999999}   | spec.batching.size      | 99999999999 is out of range: at most 2147483647
            an enum from a newer CRD | profile     | "ultra-fast"            | spec.profile            | ultra-fast is not one of low-latency, balanced, high-throughput
            a field of another type | replicas     | "two"                   | spec.replicas           | two is not an integer
            """)
    void reportsTheUnreadableResourceAndReconcilesTheOthers(String what, String field, String json, String path,
                                                            String problem) throws Exception {
        Object fieldValue = new ObjectMapper().readValue(json, Object.class);
        cluster.create(unreadable(Map.of(
                "upstream", Map.of("endpoint", "http://collector.observability.svc:4317"),
                field, fieldValue)));
        cluster.create(GOOD);

        cluster.awaitReady("good");
        Condition ready = cluster.awaitCondition("unreadable", "Ready", "False", "InvalidSpec");
        assertThat(ready.getMessage()).as(what).isEqualTo(path + ": " + problem);
        assertThat(storedSpec()).as("the stored spec, untouched by the status writes").containsKey(field);
        awaitUntil("a Warning Event names the field", () -> cluster.events("unreadable", "InvalidSpec").stream()
                .anyMatch(event -> event.getMessage().contains(path)));
        assertThat(cluster.get(Deployment.class, "unreadable")).isNull();

        cluster.editSpec("good", spec -> spec.setReplicas(3));
        awaitUntil("the operator still reconciles the good one",
                () -> cluster.get(Deployment.class, "good").getSpec().getReplicas() == 3);
    }

    private Map<String, Object> storedSpec() {
        GenericKubernetesResource stored = env.client().genericKubernetesResources("otlp.dev/v1alpha1", "OtlpExporter")
                .inNamespace(cluster.namespace()).withName("unreadable").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) stored.getAdditionalProperties().get("spec");
        return spec;
    }

    private static GenericKubernetesResource unreadable(Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("otlp.dev/v1alpha1").withKind("OtlpExporter")
                .withNewMetadata().withName("unreadable").endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
