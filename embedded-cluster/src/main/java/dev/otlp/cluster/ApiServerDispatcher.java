package dev.otlp.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.cluster.admission.KubernetesJson;
import dev.otlp.cluster.admission.ResourceRequest;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers discovery and server-side tables itself, runs the admission webhooks (when it has them)
 * on writes, and hands every other request to fabric8's CRUD dispatcher, telling the registered
 * listeners of each request first; a create of an object that exists is refused with 409
 * AlreadyExists, and a request that dispatcher fails on with 422, as a real API server refuses a
 * patch that does not apply.
 */
final class ApiServerDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = KubernetesJson.mapper();

    private static final String CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
    /** The embedded server has no RBAC: whoever asks may do everything (leader election asks before it starts). */
    private static final String EVERYTHING_ALLOWED = "{\"kind\":\"SelfSubjectRulesReview\","
            + "\"apiVersion\":\"authorization.k8s.io/v1\",\"metadata\":{},\"spec\":{},\"status\":{"
            + "\"resourceRules\":[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}],"
            + "\"nonResourceRules\":[],\"incomplete\":false}}";

    private static final String UNSUPPORTED_PROTOBUF = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"reason\":\"UnsupportedMediaType\",\"message\":\"this server reads JSON only, not protobuf\",\"code\":415}";

    private final KubernetesCrudDispatcher crud;
    private final DiscoveryDocuments discovery;
    private final WebhookAdmission admission;
    private final ServerSideTables tables;
    private final List<ApiRequestListener> listeners = new CopyOnWriteArrayList<>();

    /** @param admission the admission webhooks to run on writes; null for none */
    ApiServerDispatcher(KubernetesCrudDispatcher crud, WebhookAdmission admission) {
        this.crud = crud;
        this.admission = admission;
        this.discovery = new DiscoveryDocuments(this::installedCrds);
        this.tables = new ServerSideTables(this::installedCrds, crud::handleGet, Clock.systemUTC());
    }

    void addListener(ApiRequestListener listener) {
        listeners.add(listener);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        listeners.forEach(listener -> listener.requestReceived(request.getMethod(), path,
                request.getHeader("User-Agent")));
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.contains("protobuf")) {
            return new MockResponse().setResponseCode(415)
                    .setHeader("Content-Type", "application/json")
                    .setBody(UNSUPPORTED_PROTOBUF);
        }
        if ("POST".equals(request.getMethod()) && path.startsWith(RULES_REVIEWS)) {
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody(EVERYTHING_ALLOWED);
        }
        if ("GET".equals(request.getMethod())) {
            int query = path.indexOf('?');
            var answer = discovery.answer(query < 0 ? path : path.substring(0, query));
            if (answer.isPresent()) {
                return new MockResponse().setResponseCode(answer.get().code())
                        .setHeader("Content-Type", "application/json")
                        .setBody(answer.get().body());
            }
            if (ServerSideTables.acceptsTable(request.getHeader("Accept"))) {
                Optional<MockResponse> table = tables.answer(path);
                if (table.isPresent()) {
                    return table.get();
                }
            }
        }
        return admission == null ? store(request) : admission.dispatch(request, this::store);
    }

    private MockResponse store(RecordedRequest request) {
        Optional<MockResponse> exists = ResourceRequest.of(request.getMethod(), request.getPath())
                .filter(write -> write.operation().equals("CREATE"))
                .flatMap(create -> alreadyExists(create, request));
        if (exists.isPresent()) {
            return exists.get();
        }
        try {
            return crud.dispatch(request);
        } catch (RuntimeException unanswered) {
            // fabric8's handlers throw on a patch that does not apply (replacing a path that is missing), and
            // then never answer: the client would wait until it times out. A real server refuses it at once.
            return new MockResponse().setResponseCode(422).setHeader("Content-Type", "application/json")
                    .setBody(Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure",
                            "reason", "Invalid", "code", 422, "message", String.valueOf(unanswered.getMessage()))));
        }
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }

    /** A real server refuses to create what exists with 409 AlreadyExists; the mock store throws. */
    private Optional<MockResponse> alreadyExists(ResourceRequest create, RecordedRequest request) {
        String name;
        try {
            name = JSON.readTree(request.getBody().getBytes()).path("metadata").path("name").asText("");
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        int query = request.getPath().indexOf('?');
        String collection = query < 0 ? request.getPath() : request.getPath().substring(0, query);
        if (name.isEmpty() || crud.handleGet(collection + "/" + name).code() != 200) {
            return Optional.empty();
        }
        String kind = create.group().isEmpty() ? create.resource() : create.resource() + "." + create.group();
        Map<String, Object> details = create.group().isEmpty() ? Map.of("name", name, "kind", create.resource())
                : Map.of("name", name, "group", create.group(), "kind", create.resource());
        return Optional.of(new MockResponse().setResponseCode(409).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(),
                        "status", "Failure", "reason", "AlreadyExists", "code", 409, "details", details,
                        "message", kind + " \"" + name + "\" already exists"))));
    }

    private List<CustomResourceDefinition> installedCrds() {
        String list = crud.handleGet(CRDS_PATH).getBody().readUtf8();
        return Serialization.unmarshal(list, CustomResourceDefinitionList.class).getItems();
    }
}
