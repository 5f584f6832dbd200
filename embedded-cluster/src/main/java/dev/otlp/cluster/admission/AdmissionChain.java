package dev.otlp.cluster.admission;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admission webhooks of kube-apiserver: the mutating webhooks of every
 * MutatingWebhookConfiguration, then the validating ones of every ValidatingWebhookConfiguration
 * (configurations in name order, webhooks in their order), each called when its rules and selectors
 * match the request. A mutating webhook's JSONPatch is applied strictly (RFC 6902) to the object;
 * {@code allowed: false} refuses the write with the webhook's status; a webhook that cannot be called
 * or answers nonsense refuses it under {@code failurePolicy: Fail} and is skipped under {@code Ignore};
 * a patch that does not apply refuses it whatever the failurePolicy, as kube-apiserver does.
 */
public final class AdmissionChain {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionChain.class);
    private static final ObjectMapper JSON = KubernetesJson.mapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final WebhookCall call;

    public AdmissionChain(ServiceRoutes services) {
        this.call = new WebhookCall(services);
    }

    /**
     * @param object          the object as it would be stored; {@code null} for a DELETE
     * @param oldObject       the stored object; {@code null} for a CREATE
     * @param namespaceLabels the labels of the request's namespace
     */
    public AdmissionOutcome admit(ResourceRequest request, JsonNode object, JsonNode oldObject,
                                  Map<String, String> namespaceLabels, List<MutatingWebhookConfiguration> mutating,
                                  List<ValidatingWebhookConfiguration> validating) {
        List<String> warnings = new ArrayList<>();
        try {
            List<Webhook> mutatingWebhooks = mutating.stream()
                    .sorted(Comparator.comparing(configuration -> configuration.getMetadata().getName()))
                    .flatMap(configuration -> configuration.getWebhooks().stream().map(Webhook::of))
                    .toList();
            List<Webhook> validatingWebhooks = validating.stream()
                    .sorted(Comparator.comparing(configuration -> configuration.getMetadata().getName()))
                    .flatMap(configuration -> configuration.getWebhooks().stream().map(Webhook::of))
                    .toList();
            JsonNode current = object;
            boolean mutated = false;
            for (Webhook webhook : mutatingWebhooks) {
                if (!webhook.appliesTo(request, namespaceLabels, labelsOf(current, oldObject))) {
                    continue;
                }
                JsonNode response = ask(webhook, request, current, oldObject, warnings);
                if (response == null) {
                    continue;
                }
                if (!response.path("allowed").asBoolean(false)) {
                    return denied(webhook, response, warnings);
                }
                if (response.hasNonNull("patch")) {
                    current = patched(webhook, response, current);
                    mutated = true;
                }
            }
            for (Webhook webhook : validatingWebhooks) {
                if (!webhook.appliesTo(request, namespaceLabels, labelsOf(current, oldObject))) {
                    continue;
                }
                JsonNode response = ask(webhook, request, current, oldObject, warnings);
                if (response != null && !response.path("allowed").asBoolean(false)) {
                    return denied(webhook, response, warnings);
                }
            }
            return new AdmissionOutcome.Admitted(current, mutated, warnings);
        } catch (UnsupportedWebhookException | BadPatchException e) {
            return new AdmissionOutcome.Refused(500, "InternalError", "Internal error occurred: " + e.getMessage(),
                    warnings);
        } catch (CallRefusedException e) {
            return new AdmissionOutcome.Refused(500, "InternalError", e.getMessage(), warnings);
        }
    }

    /** The webhook's AdmissionResponse, or {@code null} when calling it failed and its failurePolicy is Ignore. */
    private JsonNode ask(Webhook webhook, ResourceRequest request, JsonNode object, JsonNode oldObject,
                         List<String> warnings) {
        String uid = UUID.randomUUID().toString();
        try {
            JsonNode answer = call.send(webhook, review(uid, request, object, oldObject));
            JsonNode response = answer.path("response");
            if (!"admission.k8s.io/v1".equals(answer.path("apiVersion").asText())
                    || !"AdmissionReview".equals(answer.path("kind").asText())) {
                throw new WebhookCallException("expected response.apiVersion admission.k8s.io/v1 and kind AdmissionReview, got "
                        + answer.path("apiVersion").asText() + " " + answer.path("kind").asText());
            }
            if (!uid.equals(response.path("uid").asText())) {
                throw new WebhookCallException("expected response.uid=\"" + uid + "\", got \"" + response.path("uid").asText()
                        + "\"");
            }
            response.path("warnings").forEach(warning -> warnings.add(warning.asText()));
            return response;
        } catch (WebhookCallException e) {
            String failure = "failed calling webhook \"" + webhook.name() + "\": failed to call webhook: " + e.getMessage();
            if (webhook.failOnCallError()) {
                throw new CallRefusedException("Internal error occurred: " + failure);
            }
            LOG.warn("{} (failurePolicy Ignore: admitted without it)", failure);
            return null;
        }
    }

    private static JsonNode review(String uid, ResourceRequest request, JsonNode object, JsonNode oldObject) {
        JsonNodeFactory nodes = JSON.getNodeFactory();
        JsonNode typed = object != null ? object : oldObject;
        String apiVersion = typed.path("apiVersion").asText(request.groupVersion());
        ObjectNode kind = nodes.objectNode().put("group", request.group())
                .put("version", apiVersion.substring(apiVersion.indexOf('/') + 1))
                .put("kind", typed.path("kind").asText());
        ObjectNode resource = nodes.objectNode().put("group", request.group()).put("version", request.version())
                .put("resource", request.resource());
        ObjectNode review = nodes.objectNode().put("uid", uid);
        review.set("kind", kind);
        review.set("resource", resource);
        if (request.subresource() != null) {
            review.put("subResource", request.subresource());
        }
        review.set("requestKind", kind.deepCopy());
        review.set("requestResource", resource.deepCopy());
        review.put("name", request.name() != null ? request.name() : typed.path("metadata").path("name").asText(""));
        if (request.namespace() != null) {
            review.put("namespace", request.namespace());
        }
        review.put("operation", request.operation());
        review.set("userInfo", nodes.objectNode().put("username", "embedded-api-server-user"));
        review.set("object", object == null ? nodes.nullNode() : object);
        review.set("oldObject", oldObject == null ? nodes.nullNode() : oldObject);
        review.put("dryRun", false);
        ObjectNode envelope = nodes.objectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        envelope.set("request", review);
        return envelope;
    }

    private static JsonNode patched(Webhook webhook, JsonNode response, JsonNode object) {
        String type = response.path("patchType").asText("");
        if (!type.equals("JSONPatch")) {
            throw new BadPatchException("webhook " + webhook.name() + " returned a patch of patchType \"" + type
                    + "\"; only JSONPatch is allowed");
        }
        try {
            JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
            return JsonPatch.apply(patch, object);
        } catch (IOException | IllegalArgumentException | JsonPatchException e) {
            throw new BadPatchException("the patch of webhook " + webhook.name() + " does not apply: " + e.getMessage());
        }
    }

    /** kube-apiserver's refusal: {@code admission webhook "<name>" denied the request: <message>}, code 400 or more. */
    private static AdmissionOutcome denied(Webhook webhook, JsonNode response, List<String> warnings) {
        JsonNode status = response.path("status");
        int code = Math.max(status.path("code").asInt(0), 400);
        String deniedBy = "admission webhook \"" + webhook.name() + "\" denied the request";
        String message = status.path("message").asText("");
        String reason = status.path("reason").asText("");
        String text = !message.isEmpty() ? deniedBy + ": " + message
                : !reason.isEmpty() ? deniedBy + ": " + reason : deniedBy + " without explanation";
        return new AdmissionOutcome.Refused(code, reason, text, warnings);
    }

    private static List<Map<String, String>> labelsOf(JsonNode object, JsonNode oldObject) {
        List<Map<String, String>> labels = new ArrayList<>();
        for (JsonNode each : new JsonNode[] {object, oldObject}) {
            if (each != null && !each.isNull()) {
                labels.add(JSON.convertValue(each.path("metadata").path("labels").isObject()
                        ? each.path("metadata").path("labels") : JSON.createObjectNode(), STRING_MAP));
            }
        }
        return labels;
    }

    private static final class BadPatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadPatchException(String message) {
            super(message);
        }
    }

    private static final class CallRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallRefusedException(String message) {
            super(message);
        }
    }
}
