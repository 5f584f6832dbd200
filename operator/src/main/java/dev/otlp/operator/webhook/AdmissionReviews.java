package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.operator.api.KubernetesJson;

/** What every answer to an {@code AdmissionReview} (v1) holds, whatever the webhook decides. */
final class AdmissionReviews {

    private static final ObjectMapper JSON = KubernetesJson.MAPPER;

    private AdmissionReviews() {
    }

    /** The response to {@code request}, allowing it until the webhook decides otherwise. */
    static ObjectNode allowing(JsonNode request) {
        return JSON.createObjectNode().put("uid", request.path("uid").asText()).put("allowed", true);
    }

    /** Turns the response into a refusal whose message the user reads. */
    static void refuse(ObjectNode response, int code, String reason, String message) {
        response.put("allowed", false);
        response.putObject("status").put("code", code).put("reason", reason).put("message", message);
    }

    /** The AdmissionReview that carries the response back. */
    static JsonNode answer(ObjectNode response) {
        ObjectNode answer = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        answer.set("response", response);
        return answer;
    }
}
