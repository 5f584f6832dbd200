package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The admission decision on AdmissionReview (v1) requests as the API server sends them. */
class ExporterAdmissionTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void allowsAValidExporterAndEchoesTheRequestsUid() throws Exception {
        JsonNode answer = ExporterAdmission.answer(review("CREATE", "upstream: {endpoint: http://collector:4317}"));

        assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(answer.at("/response/uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
        assertThat(answer.at("/response/warnings").isMissingNode()).isTrue();
    }

    @Test
    void refusesAnInvalidExporterNamingEveryField() throws Exception {
        JsonNode answer = ExporterAdmission.answer(review("UPDATE", """
                upstream: {endpoint: "collector:4317"}
                batching: {size: 100, maxSize: 10}
                """));

        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/code").asInt()).isEqualTo(422);
        assertThat(answer.at("/response/status/message").asText()).startsWith("OtlpExporter gateway is invalid: ")
                .contains("spec.upstream.endpoint", "spec.batching.maxSize");
    }

    @Test
    void refusesAValueTheModelCannotHoldNamingIt() throws Exception {
        JsonNode answer = ExporterAdmission.answer(review("CREATE", """
                upstream: {endpoint: http://collector:4317}
                profile: ultra-fast
                """));

        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/message").asText()).contains("spec.profile: ultra-fast is not one of");
    }

    @Test
    void namesEveryProblemWithItsValueInOneAnswerWhenATypeOrEnumErrorIsAmongThem() throws Exception {
        JsonNode answer = ExporterAdmission.answer(review("CREATE", """
                upstream: {endpoint: http://collector:4317}
                profile: fastest
                replicas: "three"
                mode: sidecar
                podDisruptionBudget: {maxUnavailable: 1}
                compression: {algorithm: gzip, level: 12}
                """));

        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/message").asText()).contains(
                "spec.profile: fastest is not one of low-latency, balanced, high-throughput",
                "spec.replicas: three is not an integer",
                "spec.podDisruptionBudget: is set, but does not apply to mode sidecar",
                "spec.compression.level: gzip levels are 1-9, got 12").doesNotContain(":  ");
    }

    @Test
    void aModeRefusalQuotesTheValue() throws Exception {
        JsonNode answer = ExporterAdmission.answer(review("CREATE", """
                upstream: {endpoint: http://collector:4317}
                mode: sidecar
                replicas: 3
                """));

        assertThat(answer.at("/response/status/message").asText())
                .endsWith("spec.replicas: 3 does not apply to mode sidecar, which runs in the applications' pods");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x17.dotted.name", "9x-starts-with-digit",
            "x-long-name-long-name-long-name-long-name-long-name-long-name-lz",
            "x-long-name-long-name-long-name-long-name-long-name-long-name-long-name-lz"})
    void refusesANameNoServiceMayTakeNamingTheRule(String name) throws Exception {
        JsonNode review = review("CREATE", "upstream: {endpoint: http://collector:4317}");
        ((ObjectNode) review.at("/request/object/metadata")).put("name", name);

        JsonNode answer = ExporterAdmission.answer(review);

        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/message").asText()).contains("metadata.name: ")
                .containsAnyOf("must be a DNS-1035 label", "must be at most 63 characters");
    }

    @Test
    void allowsANameOf63Characters() throws Exception {
        JsonNode review = review("CREATE", "upstream: {endpoint: http://collector:4317}");
        ((ObjectNode) review.at("/request/object/metadata")).put("name", "x" + "-long-name".repeat(7).substring(0, 61) + "z");

        assertThat(ExporterAdmission.answer(review).at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void refusesTheExportersOwnServiceAsUpstreamInTheRequestsNamespace() throws Exception {
        JsonNode answer = ExporterAdmission.answer(review("CREATE", "upstream: {endpoint: http://gateway.team-a.svc:4317}"));

        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/message").asText()).contains("spec.upstream.endpoint", "own Service");
    }

    @Test
    void allowsRiskySettingsWithWarningsKubectlPrints() throws Exception {
        JsonNode answer = ExporterAdmission.answer(review("CREATE", """
                upstream: {endpoint: http://collector:4317}
                replicas: 2
                autoscaling: {maxReplicas: 4}
                """));

        assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
        assertThat(answer.at("/response/warnings/0").asText()).contains("spec.replicas", "autoscaling");
    }

    @Test
    void allowsDeletesWithoutLookingAtTheObject() throws Exception {
        assertThat(ExporterAdmission.answer(review("DELETE", "profile: ultra-fast")).at("/response/allowed").asBoolean())
                .isTrue();
    }

    /** An AdmissionReview of an OtlpExporter {@code gateway} in namespace {@code team-a}, whose object carries no namespace. */
    static JsonNode review(String operation, String specYaml) throws Exception {
        JsonNode spec = YAML.readTree(specYaml);
        var review = new ObjectMapper().createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        var request = review.putObject("request").put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002")
                .put("operation", operation).put("namespace", "team-a").put("name", "gateway");
        request.putObject("kind").put("group", "otlp.dev").put("version", "v1alpha1").put("kind", "OtlpExporter");
        var object = request.putObject("object").put("apiVersion", "otlp.dev/v1alpha1").put("kind", "OtlpExporter");
        object.putObject("metadata").put("name", "gateway");
        object.set("spec", spec);
        return review;
    }
}
