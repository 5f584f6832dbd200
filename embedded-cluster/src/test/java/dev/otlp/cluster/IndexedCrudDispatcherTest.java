package dev.otlp.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.cluster.admission.KubernetesJson;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed store answers as fabric8's own: the same requests, replayed against the embedded API
 * server's dispatcher over fabric8's {@link KubernetesCrudDispatcher} and over the
 * {@link IndexedCrudDispatcher}, get the same answers and the same watch events.
 */
class IndexedCrudDispatcherTest {

    private static final ObjectMapper JSON = KubernetesJson.mapper();
    private static final String WIDGETS = "/apis/example.com/v1/namespaces/%s/widgets";
    private static final String CONFIGMAPS = "/api/v1/namespaces/%s/configmaps";
    private static final List<String> NAMESPACES = List.of("a", "b");
    /** Differ from run to run; whether they are there is compared. */
    private static final List<String> GENERATED = List.of("uid", "creationTimestamp", "deletionTimestamp");

    @Test
    void answersEveryRequestAndSendsEveryWatchEventAsFabric8sStoreDoes() {
        Replay fabric8 = new Replay(new KubernetesCrudDispatcher());
        Replay indexed = new Replay(new IndexedCrudDispatcher());

        for (Replay replay : List.of(fabric8, indexed)) {
            script(replay);
        }

        assertThat(indexed.answers).hasSize(fabric8.answers.size());
        for (int i = 0; i < fabric8.answers.size(); i++) {
            assertThat(indexed.answers.get(i)).as("answer %d", i).isEqualTo(fabric8.answers.get(i));
        }
        assertThat(indexed.events).isEqualTo(fabric8.events);
        assertThat(fabric8.answers).as("the script exercises lists, misses, conflicts and deletes")
                .anySatisfy(answer -> assertThat(answer).startsWith("404 "))
                .anySatisfy(answer -> assertThat(answer).startsWith("409 ").contains("AlreadyExists"))
                .anySatisfy(answer -> assertThat(answer).startsWith("409 ").contains("modified"))
                .anySatisfy(answer -> assertThat(answer).contains("deletionTimestamp"))
                .anySatisfy(answer -> assertThat(answer).startsWith("200 GET").contains("deletionTimestamp", "finalizers"))
                .anySatisfy(answer -> assertThat(answer).startsWith("200 store GET")
                        .contains("\"kind\":\"APIResourceList\"", "widgets"));
        assertThat(fabric8.events.values()).allSatisfy(events -> assertThat(events).isNotEmpty());
        assertThat(fabric8.events.toString()).contains("ADDED", "MODIFIED", "DELETED");
    }

    @Test
    void replacesFabric8sStoreWithTheIndexedOne() {
        assertThat(new IndexedCrudDispatcher().getMap()).isInstanceOf(IndexedObjectStore.class);
    }

    @Test
    void findsTheCandidatesOfAQueryAmongTheObjectsOfItsResourceNamespaceAndNameOnly() {
        IndexedObjectStore store = new IndexedObjectStore();
        for (String namespace : NAMESPACES) {
            for (String plural : List.of("configmaps", "secrets")) {
                for (String name : List.of("x", "y")) {
                    store.put(key(plural, namespace, name), plural + "/" + namespace + "/" + name);
                }
            }
        }
        store.put(key("namespaces", null, "a"), "namespaces/a");

        assertThat(values(store.candidates(query("configmaps", "a", null)))).containsExactly("configmaps/a/x", "configmaps/a/y");
        assertThat(values(store.candidates(query("configmaps", "b", "y")))).containsExactly("configmaps/b/y");
        assertThat(values(store.candidates(query("secrets", null, "x")))).containsExactly("secrets/a/x", "secrets/b/x");
        assertThat(values(store.candidates(query("namespaces", null, "a")))).containsExactly("namespaces/a");
        assertThat(values(store.candidates(query("configmaps", "c", null)))).isEmpty();
        assertThat(store.candidates(new AttributeSet(new Attribute("name", "x")))).hasSize(9);

        store.remove(key("configmaps", "a", "x"));
        store.put(key("configmaps", "a", "x"), "configmaps/a/x again");
        assertThat(values(store.candidates(query("configmaps", "a", null)))).as("in the order stored")
                .containsExactly("configmaps/a/y", "configmaps/a/x again");
    }

    /** A mixed store: several kinds and namespaces, labels, a custom resource with a status subresource, finalizers. */
    private static void script(Replay replay) {
        replay.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd());
        NAMESPACES.forEach(namespace -> replay.post("/api/v1/namespaces",
                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'" + namespace + "'}}"));
        replay.watch("/api/v1/configmaps?watch=true");
        replay.watch(WIDGETS.formatted("a") + "?watch=true");
        replay.watch(CONFIGMAPS.formatted("a") + "?watch=true&fieldSelector=metadata.name%3Dcm-1");
        replay.watch(CONFIGMAPS.formatted("b") + "?watch=true&labelSelector=app%3Dx");
        for (String namespace : NAMESPACES) {
            for (int i = 1; i <= 3; i++) {
                replay.post(CONFIGMAPS.formatted(namespace), "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm-" + i
                        + "','labels':{'app':'" + (i == 2 ? "y" : "x") + "'" + (i == 3 ? ",'tier':'t'" : "")
                        + "}},'data':{'k':'" + namespace + i + "'}}");
            }
            replay.post("/api/v1/namespaces/" + namespace + "/secrets",
                    "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'cm-1'},'data':{'k':'dg=='}}");
            replay.post("/apis/apps/v1/namespaces/" + namespace + "/deployments", "{'apiVersion':'apps/v1','kind':'Deployment',"
                    + "'metadata':{'name':'d-1'},'spec':{'replicas':1},'status':{'replicas':3}}");
            for (String widget : List.of("w-1", "w-2")) {
                replay.post(WIDGETS.formatted(namespace), "{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'"
                        + widget + "'},'spec':{'size':1},'status':{'ready':true}}");
            }
            replay.post("/apis/example.com/v1/namespaces/" + namespace + "/things",
                    "{'apiVersion':'example.com/v1','kind':'Thing','metadata':{'name':'t-1'}}");
        }
        replay.post(CONFIGMAPS.formatted("a"), "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm-1'}}");
        reads(replay);

        replay.send(HttpMethod.PUT, WIDGETS.formatted("a") + "/w-1/status", "application/json",
                "{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w-1'},'spec':{'size':9},"
                        + "'status':{'ready':false}}");
        replay.send(HttpMethod.PATCH, WIDGETS.formatted("a") + "/w-1", "application/merge-patch+json",
                "{'spec':{'size':2},'status':{'ready':'ignored'}}");
        replay.send(HttpMethod.PATCH, CONFIGMAPS.formatted("a") + "/cm-1", "application/json-patch+json",
                "[{'op':'replace','path':'/data/k','value':'patched'}]");
        replay.send(HttpMethod.PATCH, "/apis/apps/v1/namespaces/a/deployments/d-1/status", "application/merge-patch+json",
                "{'status':{'readyReplicas':1}}");
        replay.send(HttpMethod.PUT, CONFIGMAPS.formatted("b") + "/cm-2", "application/json",
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm-2','resourceVersion':'1'},'data':{'k':'stale'}}");
        replay.send(HttpMethod.PUT, CONFIGMAPS.formatted("b") + "/cm-9", "application/json",
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm-9'}}");
        replay.send(HttpMethod.PATCH, CONFIGMAPS.formatted("b") + "/cm-9", "application/merge-patch+json", "{'data':{}}");

        replay.send(HttpMethod.PATCH, WIDGETS.formatted("a") + "/w-2", "application/merge-patch+json",
                "{'metadata':{'finalizers':['example.com/keep']}}");
        replay.delete(WIDGETS.formatted("a") + "/w-2");
        replay.get(WIDGETS.formatted("a") + "/w-2");
        replay.watch("/apis/example.com/v1/widgets?watch=true");
        replay.send(HttpMethod.PATCH, WIDGETS.formatted("a") + "/w-2", "application/merge-patch+json",
                "{'metadata':{'finalizers':null}}");
        replay.delete(CONFIGMAPS.formatted("b") + "/cm-3");
        replay.delete(CONFIGMAPS.formatted("a") + "?labelSelector=app%3Dy");
        replay.delete(CONFIGMAPS.formatted("b") + "/cm-9");
        replay.delete("/apis/example.com/v1/namespaces/b/things/t-1");
        reads(replay);
        replay.closeWatches();
    }

    private static void reads(Replay replay) {
        for (String namespace : List.of("a", "b", "c")) {
            replay.get(CONFIGMAPS.formatted(namespace));
            replay.get(CONFIGMAPS.formatted(namespace) + "/cm-2");
            replay.get("/api/v1/namespaces/" + namespace + "/secrets/cm-1");
            replay.get(WIDGETS.formatted(namespace));
            replay.get(WIDGETS.formatted(namespace) + "/w-2");
            replay.get("/apis/apps/v1/namespaces/" + namespace + "/deployments/d-1");
            replay.get("/apis/example.com/v1/namespaces/" + namespace + "/things");
            replay.get("/api/v1/namespaces/" + namespace);
        }
        replay.get("/api/v1/configmaps");
        replay.get("/api/v1/configmaps?labelSelector=app%3Dx");
        replay.get(CONFIGMAPS.formatted("a") + "?labelSelector=app!%3Dx");
        replay.get(CONFIGMAPS.formatted("a") + "?labelSelector=tier");
        replay.get(CONFIGMAPS.formatted("b") + "?labelSelector=!tier,app%3Dx");
        replay.get("/api/v1/configmaps?fieldSelector=metadata.name%3Dcm-1");
        replay.get("/api/v1/configmaps?fieldSelector=metadata.namespace%3Db");
        replay.get("/api/v1/secrets");
        replay.get("/apis/example.com/v1/widgets");
        replay.get("/apis/example.com/v1");
        replay.getFromStore("/apis/example.com/v1");
        replay.get("/api/v1/namespaces");
        replay.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
    }

    private static String crd() {
        return "{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition','metadata':{'name':'widgets.example.com'},"
                + "'spec':{'group':'example.com','scope':'Namespaced','names':{'plural':'widgets','singular':'widget',"
                + "'kind':'Widget'},'versions':[{'name':'v1','served':true,'storage':true,'subresources':{'status':{}},"
                + "'schema':{'openAPIV3Schema':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}]}}";
    }

    /** One run of the script against one store: every answer and every watch's events, without uids and timestamps. */
    private static final class Replay {

        private final KubernetesCrudDispatcher store;
        private final ApiServerDispatcher dispatcher;
        private final List<String> answers = new ArrayList<>();
        private final Map<String, List<String>> events = new LinkedHashMap<>();
        private final List<WebSocketListener> watches = new ArrayList<>();

        Replay(KubernetesCrudDispatcher crud) {
            store = EmbeddedApiServer.withBuiltInStatusSubresources(crud);
            dispatcher = new ApiServerDispatcher(store, null);
        }

        /** Past the discovery documents of the API server, to the store's own answer to API metadata requests. */
        void getFromStore(String path) {
            answers.add(answer(store.handleGet(path), "store GET " + path));
        }

        void post(String path, String body) {
            send(HttpMethod.POST, path, "application/json", body);
        }

        void get(String path) {
            send(HttpMethod.GET, path, null, null);
        }

        void delete(String path) {
            send(HttpMethod.DELETE, path, null, null);
        }

        void send(HttpMethod method, String path, String contentType, String body) {
            answers.add(answer(dispatcher.dispatch(request(method, path, contentType, body)), method + " " + path));
        }

        private static String answer(MockResponse response, String request) {
            return response.code() + " " + request + " "
                    + (response.getBody() == null ? "" : normalized(response.getBody().readUtf8()));
        }

        void watch(String path) {
            MockResponse response = dispatcher.dispatch(request(HttpMethod.GET, path, null, null));
            List<String> received = new CopyOnWriteArrayList<>();
            events.put(path, received);
            WebSocketListener listener = response.getWebSocketListener();
            watches.add(listener);
            listener.onOpen(new RecordingSocket(received), response);
        }

        /** Closing a watch waits until every event it was sent has been delivered. */
        void closeWatches() {
            watches.forEach(watch -> watch.onClosed(null, 1000, "done"));
        }

        private static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
            Headers.Builder headers = Headers.builder();
            if (contentType != null) {
                headers.add("Content-Type", contentType);
            }
            Buffer buffer = body == null ? new Buffer()
                    : new Buffer(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
            return new RecordedRequest("HTTP/1.1", method, path, headers.build(), buffer);
        }
    }

    private static String normalized(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null) {
                return body;
            }
            withoutGeneratedFields(tree);
            return tree.toString();
        } catch (IOException notJson) {
            return body;
        }
    }

    private static void withoutGeneratedFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            GENERATED.stream().filter(object::has).forEach(field -> object.put(field, "(generated)"));
        }
        node.forEach(IndexedCrudDispatcherTest::withoutGeneratedFields);
    }

    private record RecordingSocket(List<String> received) implements WebSocket {

        @Override
        public RecordedRequest request() {
            return null;
        }

        @Override
        public boolean send(String text) {
            received.add(normalized(text));
            return true;
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            return true;
        }
    }

    private static AttributeSet key(String plural, String namespace, String name) {
        List<Attribute> attributes = new ArrayList<>(List.of(new Attribute("plural", plural), new Attribute("name", name),
                new Attribute("version", "v1")));
        if (namespace != null) {
            attributes.add(new Attribute("namespace", namespace));
        }
        return new AttributeSet(attributes);
    }

    private static AttributeSet query(String plural, String namespace, String name) {
        List<Attribute> attributes = new ArrayList<>(List.of(new Attribute("plural", plural)));
        if (namespace != null) {
            attributes.add(new Attribute("namespace", namespace));
        }
        if (name != null) {
            attributes.add(new Attribute("name", name));
        }
        return new AttributeSet(attributes);
    }

    private static List<String> values(List<Map.Entry<AttributeSet, String>> entries) {
        return entries.stream().map(Map.Entry::getValue).toList();
    }
}
