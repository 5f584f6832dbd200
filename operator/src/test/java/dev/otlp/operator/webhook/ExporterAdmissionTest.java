package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

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
