package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The Pod of an admission request as the API server sent it: JSON, where a list or map the pod does
 * not set is missing. fabric8's model would turn it into an empty one, and a JSON patch that adds
 * into a list or map the pod lacks fails at the API server, which then creates no pod at all.
 */
final class RawPod {

    static final String CONTAINERS = "containers";
    static final String INIT_CONTAINERS = "initContainers";
    static final String EPHEMERAL_CONTAINERS = "ephemeralContainers";
    static final String VOLUMES = "volumes";
    static final String LABELS = "labels";
    static final String ANNOTATIONS = "annotations";

    private final JsonNode metadata;
    private final JsonNode spec;

    private RawPod(JsonNode metadata, JsonNode spec) {
        this.metadata = metadata;
        this.spec = spec;
    }

    /** @throws IllegalArgumentException naming the first field that is not what a Pod has there */
    static RawPod of(JsonNode object) {
        if (!object.isObject() || !object.path("metadata").isObject() || !object.path("spec").isObject()) {
            throw new IllegalArgumentException("the request holds no Pod (an object with metadata and spec)");
        }
        RawPod pod = new RawPod(object.path("metadata"), object.path("spec"));
        for (String field : List.of(LABELS, ANNOTATIONS)) {
            pod.require(pod.metadata, "metadata." + field, field, JsonNode::isObject, "an object");
        }
        for (String field : List.of(CONTAINERS, INIT_CONTAINERS, EPHEMERAL_CONTAINERS, VOLUMES)) {
            pod.require(pod.spec, "spec." + field, field, JsonNode::isArray, "a list");
        }
        return pod;
    }

    private void require(JsonNode parent, String path, String field, Predicate<JsonNode> shape, String what) {
        JsonNode value = parent.path(field);
        if (isSet(value) && !shape.test(value)) {
            throw new IllegalArgumentException(path + " is not " + what);
        }
    }

    Optional<String> namespace() {
        return Optional.of(metadata.path("namespace").asText("")).filter(namespace -> !namespace.isEmpty());
    }

    Optional<String> label(String key) {
        return Optional.of(metadata.path(LABELS).path(key)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    boolean hostNetwork() {
        return spec.path("hostNetwork").asBoolean(false);
    }

    /** Whether {@code metadata.<field>} is there, so that a patch may add into it. */
    boolean hasMetadata(String field) {
        return isSet(metadata.path(field));
    }

    /** Whether {@code spec.<field>} is there, so that a patch may add into it. */
    boolean hasSpec(String field) {
        return isSet(spec.path(field));
    }

    /** The items of the list {@code spec.<field>}; none when the pod does not set it. */
    Stream<JsonNode> specList(String field) {
        return StreamSupport.stream(spec.path(field).spliterator(), false);
    }

    /** Its containers, init containers and ephemeral containers, whose names Kubernetes keeps unique across all three. */
    Stream<JsonNode> allContainers() {
        return Stream.of(CONTAINERS, INIT_CONTAINERS, EPHEMERAL_CONTAINERS).flatMap(this::specList);
    }

    private static boolean isSet(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }
}
