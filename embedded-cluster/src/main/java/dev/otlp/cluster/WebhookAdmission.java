package dev.otlp.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.cluster.admission.AdmissionChain;
import dev.otlp.cluster.admission.AdmissionOutcome;
import dev.otlp.cluster.admission.JsonMergePatch;
import dev.otlp.cluster.admission.KubernetesJson;
import dev.otlp.cluster.admission.ResourceRequest;
import dev.otlp.cluster.admission.ServiceRoutes;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationList;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the stored admission webhooks ({@link AdmissionChain}) on every create, update, patch and
 * delete of an object before the store sees it: a refused write gets the refusal's Status, a
 * mutated one is stored as the webhooks left it (a patch then becomes a replace of the patched
 * object), and their warnings reach the client as {@code Warning} headers. As on kube-apiserver,
 * webhook configurations themselves are never sent to webhooks, nor are dry runs.
 */
final class WebhookAdmission {

    private static final ObjectMapper JSON = KubernetesJson.mapper();
    private static final String MUTATING = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private static final String VALIDATING = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private final KubernetesCrudDispatcher crud;
    private final AdmissionChain chain;

    WebhookAdmission(KubernetesCrudDispatcher crud, ServiceRoutes services) {
        this.crud = crud;
        this.chain = new AdmissionChain(services);
    }

    /** Admits {@code request}, then hands it (or what admission made of it) to {@code store}. */
    MockResponse dispatch(RecordedRequest request, Function<RecordedRequest, MockResponse> store) {
        String path = request.getPath();
        Optional<ResourceRequest> write = ResourceRequest.of(request.getMethod(), path);
        if (write.isEmpty() || write.get().group().equals("admissionregistration.k8s.io") || path.contains("dryRun=")) {
            return store.apply(request);
        }
        List<MutatingWebhookConfiguration> mutating = JSON.convertValue(get(MUTATING).orElseThrow(),
                MutatingWebhookConfigurationList.class).getItems();
        List<ValidatingWebhookConfiguration> validating = JSON.convertValue(get(VALIDATING).orElseThrow(),
                ValidatingWebhookConfigurationList.class).getItems();
        if (mutating.isEmpty() && validating.isEmpty()) {
            return store.apply(request);
        }
        ResourceRequest target = write.get();
        Optional<JsonNode> stored = target.name() == null ? Optional.empty() : get(objectPath(target));
        Optional<JsonNode> object;
        try {
            object = switch (request.getMethod()) {
                case "POST", "PUT" -> Optional.of(JSON.readTree(request.getBody().getBytes()));
                case "PATCH" -> stored.flatMap(current -> patched(request, current));
                default -> Optional.empty();
            };
        } catch (IOException unreadable) {
            return store.apply(request);
        }
        boolean storeDecides = switch (target.operation()) {
            case "CREATE" -> object.isEmpty();
            case "UPDATE" -> object.isEmpty() || stored.isEmpty();
            default -> stored.isEmpty();
        };
        if (storeDecides) {
            return store.apply(request);
        }
        AdmissionOutcome outcome = chain.admit(target, object.orElse(null), stored.orElse(null),
                namespaceLabels(target.namespace()), mutating, validating);
        if (outcome instanceof AdmissionOutcome.Refused refused) {
            return warn(status(refused), refused.warnings());
        }
        AdmissionOutcome.Admitted admitted = (AdmissionOutcome.Admitted) outcome;
        if (!admitted.mutated()) {
            return warn(store.apply(request), admitted.warnings());
        }
        HttpMethod method = request.getMethod().equals("POST") ? HttpMethod.POST : HttpMethod.PUT;
        return warn(store.apply(withBody(request, method, admitted.object())), admitted.warnings());
    }

    /** The object a patch makes of the stored one, for the patch types the store takes; empty when it does not apply. */
    private static Optional<JsonNode> patched(RecordedRequest request, JsonNode stored) {
        String type = String.valueOf(request.getHeader("Content-Type"));
        try {
            JsonNode patch = JSON.readTree(request.getBody().getBytes());
            if (type.startsWith("application/json-patch+json")) {
                return Optional.of(JsonPatch.apply(patch, stored));
            }
            if (type.startsWith("application/merge-patch+json")) {
                JsonNode result = JsonMergePatch.apply(stored, patch);
                if (!patch.path("metadata").has("resourceVersion")) {
                    ((ObjectNode) result.path("metadata")).put("resourceVersion",
                            stored.path("metadata").path("resourceVersion").asText());
                }
                return Optional.of(result);
            }
        } catch (IOException | JsonPatchException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> labels = new HashMap<>();
        if (namespace != null) {
            get("/api/v1/namespaces/" + namespace).ifPresent(stored -> stored.path("metadata").path("labels").properties()
                    .forEach(label -> labels.put(label.getKey(), label.getValue().asText())));
            labels.put(NAMESPACE_NAME_LABEL, namespace);
        }
        return labels;
    }

    private Optional<JsonNode> get(String path) {
        MockResponse response = crud.handleGet(path);
        if (response.code() != 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(response.getBody().getBytes()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String objectPath(ResourceRequest target) {
        String prefix = target.group().isEmpty() ? "/api/" + target.version()
                : "/apis/" + target.group() + "/" + target.version();
        String namespace = target.namespace() == null ? "" : "/namespaces/" + target.namespace();
        return prefix + namespace + "/" + target.resource() + "/" + target.name();
    }

    private static RecordedRequest withBody(RecordedRequest request, HttpMethod method, JsonNode object) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var headers = request.getHeaders().newBuilder()
                .set("Content-Type", "application/json")
                .set("Content-Length", String.valueOf(body.length))
                .build();
        return new RecordedRequest(request.getHttpVersion(), method, request.getPath(), headers, new Buffer(body));
    }

    private static MockResponse status(AdmissionOutcome.Refused refused) {
        Map<String, Object> status = new HashMap<>(Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(),
                "status", "Failure", "message", refused.message(), "code", refused.code()));
        if (!refused.reason().isEmpty()) {
            status.put("reason", refused.reason());
        }
        return new MockResponse().setResponseCode(refused.code()).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }

    private static MockResponse warn(MockResponse response, List<String> warnings) {
        warnings.forEach(warning -> response.addHeader("Warning",
                "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return response;
    }
}
