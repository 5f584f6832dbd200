package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Sidecars;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.operator.webhook.PodShapes.Shape;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every pod shape of {@link PodShapes}, sent as the API server sends it (the raw JSON of
 * {@code request.object}, never a pod re-serialised from fabric8's model), to an API server of
 * 1.28 (the runtime as a container) and of 1.29 (a native sidecar). The returned patch is applied
 * as the API server applies it: strictly (RFC 6902, no lenient flags) to that same raw JSON.
 */
class PodShapesInjectionTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final ObjectMapper JSON = KubernetesJson.MAPPER;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String IMAGE = "ghcr.io/otlp-fleet/otlp-exporter-runtime:0.1.0";
    private static final String CONFIG_HASH = "0123456789abcdef";
    private static final String NAMESPACE = OperatorTestEnvironment.uniqueNamespace();

    @BeforeAll
    static void sidecarExporter() {
        OtlpExporter exporter = Exporters.withSpec("""
                mode: sidecar
                upstream:
                  endpoint: https://collector.example:4317
                  auth:
                    type: apiKey
                    apiKey:
                      secretRef: {name: collector-key, key: token}
                receiver:
                  auth:
                    apiKey: {generate: true}
                """);
        exporter.getMetadata().setName("agent");
        exporter.getMetadata().setNamespace(NAMESPACE);
        OtlpExporter created = env.client().resource(exporter).create();
        created.setStatus(new OtlpExporterStatus());
        created.getStatus().setConfigHash(CONFIG_HASH);
        env.client().resource(created).updateStatus();
    }

    /** The API server's version, and the way the runtime joins the pod there. */
    enum Server {
        V1_28("28", "container"), V1_29("29", "native");

        final String minor;
        final String kind;

        Server(String minor, String kind) {
            this.minor = minor;
            this.kind = kind;
        }

        VersionInfo version() {
            return new VersionInfo.Builder().withMajor("1").withMinor(minor).withGitVersion("v1." + minor + ".4").build();
        }
    }

    static Stream<Arguments> shapes() {
        return PodShapes.all().stream().flatMap(shape -> Stream.of(Server.values()).map(server -> Arguments.of(shape, server)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("shapes")
    void everyShapeIsInjectedWithAPatchThatAppliesOrRefusedSayingWhy(Shape shape, Server server) {
        ObjectNode pod = rawPod(shape);
        JsonNode response = new PodInjection(env.client(), IMAGE, server::version).answer(review(pod)).path("response");

        switch (shape.outcome()) {
            case REFUSED -> {
                assertThat(response.path("allowed").asBoolean()).as(response.toString()).isFalse();
                assertThat(response.has("patch")).isFalse();
                assertThat(response.at("/status/message").asText()).contains(shape.refusal());
            }
            case UNCHANGED -> {
                assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
                assertThat(response.has("patch")).as("a pod is injected once").isFalse();
            }
            case INJECTED -> {
                assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
                JsonNode patch = read(Base64.getDecoder().decode(response.path("patch").asText()));
                JsonNode patched = strictlyApplied(patch, pod);
                assertInjected(pod, patched, server);
            }
        }
    }

    private static JsonNode strictlyApplied(JsonNode patch, ObjectNode pod) {
        JsonNode[] patched = new JsonNode[1];
        assertThatCode(() -> patched[0] = JsonPatch.apply(patch, pod, EnumSet.noneOf(CompatibilityFlags.class)))
                .as("the API server applies the patch %s", patch).doesNotThrowAnyException();
        return patched[0];
    }

    private static void assertInjected(ObjectNode original, JsonNode patched, Server server) {
        assertThat(patched.at("/metadata/labels").path(Labels.SIDECAR_OF).asText()).isEqualTo("agent");
        assertThat(patched.at("/metadata/annotations").path(Sidecars.KIND_ANNOTATION).asText()).isEqualTo(server.kind);
        assertThat(patched.at("/metadata/annotations").path("otlp.dev/config-hash").asText()).isEqualTo(CONFIG_HASH);

        JsonNode sidecar = sidecar(patched, server);
        assertThat(sidecar.path("image").asText()).isEqualTo(IMAGE);
        assertThat(sidecar.has("readinessProbe")).as("an upstream outage must not make the pod unready").isFalse();
        assertThat(sidecar.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        if (server == Server.V1_29) {
            assertThat(sidecar.path("restartPolicy").asText()).isEqualTo("Always");
            assertThat(patched.at("/spec/containers")).as("the application's containers").isEqualTo(original.at("/spec/containers"));
            assertThat(indexOfSidecar(patched.at("/spec/initContainers")))
                    .as("last of the init containers: after those that must complete and the pod's other native sidecars")
                    .isEqualTo(original.at("/spec/initContainers").size());
        } else {
            assertThat(sidecar.has("restartPolicy")).isFalse();
            assertThat(patched.at("/spec/initContainers")).as("the application's init containers")
                    .isEqualTo(original.at("/spec/initContainers"));
        }

        Set<String> volumes = names(patched.at("/spec/volumes"));
        assertThat(volumes).containsAll(names(original.at("/spec/volumes")));
        sidecar.path("volumeMounts").forEach(mount -> assertThat(volumes).contains(mount.path("name").asText()));

        assertUniqueNames(patched);
        assertThat(withoutInjection(patched, original)).as("nothing else of the pod changed").isEqualTo(original);
        assertThatCode(() -> JSON.treeToValue(patched, Pod.class)).doesNotThrowAnyException();
    }

    /** Container names are unique across a pod's three lists; volume names and port names unique in the pod. */
    private static void assertUniqueNames(JsonNode pod) {
        List<String> containers = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            pod.path("spec").path(list).forEach(container -> {
                containers.add(container.path("name").asText());
                container.path("ports").forEach(port -> {
                    if (port.has("name")) {
                        ports.add(port.path("name").asText());
                    }
                });
            });
        }
        assertThat(containers).doesNotHaveDuplicates();
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(stream(pod.at("/spec/volumes")).map(volume -> volume.path("name").asText()).toList()).doesNotHaveDuplicates();
    }

    private static JsonNode sidecar(JsonNode pod, Server server) {
        String list = server == Server.V1_29 ? "initContainers" : "containers";
        List<JsonNode> sidecars = stream(pod.path("spec").path(list))
                .filter(container -> container.path("name").asText().equals(Sidecars.CONTAINER_NAME)).toList();
        assertThat(sidecars).as("the runtime in spec.%s", list).hasSize(1);
        return sidecars.get(0);
    }

    private static int indexOfSidecar(JsonNode initContainers) {
        List<JsonNode> list = stream(initContainers).toList();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("name").asText().equals(Sidecars.CONTAINER_NAME)) {
                return i;
            }
        }
        return -1;
    }

    /** The patched pod less what the injection adds, where the original had none of it: the original, if nothing else changed. */
    private static JsonNode withoutInjection(JsonNode patched, ObjectNode original) {
        ObjectNode pod = patched.deepCopy();
        ObjectNode metadata = (ObjectNode) pod.path("metadata");
        ((ObjectNode) metadata.path("labels")).remove(Labels.SIDECAR_OF);
        ((ObjectNode) metadata.path("annotations")).remove(List.of(Sidecars.KIND_ANNOTATION, "otlp.dev/config-hash"));
        ObjectNode spec = (ObjectNode) pod.path("spec");
        for (String list : List.of("containers", "initContainers", "volumes")) {
            if (spec.path(list) instanceof ArrayNode items) {
                for (int i = items.size() - 1; i >= 0; i--) {
                    String name = items.get(i).path("name").asText();
                    if (name.startsWith(Sidecars.CONTAINER_NAME) && !names(original.at("/spec/" + list)).contains(name)) {
                        items.remove(i);
                    }
                }
            }
        }
        dropIfAddedEmpty(metadata, "labels", original.path("metadata"));
        dropIfAddedEmpty(spec, "initContainers", original.path("spec"));
        dropIfAddedEmpty(spec, "volumes", original.path("spec"));
        return pod;
    }

    private static void dropIfAddedEmpty(ObjectNode node, String field, JsonNode original) {
        if (!original.has(field) && node.path(field).isEmpty()) {
            node.remove(field);
        }
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new HashSet<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static Stream<JsonNode> stream(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false);
    }

    private static ObjectNode rawPod(Shape shape) {
        try {
            ObjectNode pod = (ObjectNode) YAML.readTree(shape.yaml().replace("namespace: NS", "namespace: " + NAMESPACE));
            return (ObjectNode) JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod").setAll(pod);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The AdmissionReview the API server sends: the pod's raw JSON as {@code request.object}. */
    private static JsonNode review(ObjectNode pod) {
        ObjectNode request = JSON.createObjectNode().put("uid", "3c1d2e4f").put("operation", "CREATE").put("namespace", NAMESPACE);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.set("object", pod.deepCopy());
        request.putNull("oldObject");
        request.put("dryRun", false);
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", request);
        return review;
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
