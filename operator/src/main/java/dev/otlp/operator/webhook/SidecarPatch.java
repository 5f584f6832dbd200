package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.render.Deployments;
import dev.otlp.operator.render.Sidecars;
import dev.otlp.operator.render.Sidecars.Injection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON patch (RFC 6902) that adds an {@link Injection} to a {@link RawPod}: the runtime's
 * container, its volumes, the label that counts the pod, the way the runtime joined it and the
 * config it started with. Where the pod lacks the list or map to add into, the patch adds it whole,
 * as {@code add} into a missing parent fails.
 */
final class SidecarPatch {

    private static final ObjectMapper JSON = KubernetesJson.MAPPER;

    private final RawPod pod;
    private final ArrayNode operations = JSON.createArrayNode();

    private SidecarPatch(RawPod pod) {
        this.pod = pod;
    }

    /** @param configHash the configuration the exporter's ConfigMap and Secrets hold, when its status says */
    static ArrayNode of(RawPod pod, String exporterName, Optional<String> configHash, Injection injection) {
        SidecarPatch patch = new SidecarPatch(pod);
        patch.putEntries(RawPod.LABELS, Map.of(Labels.SIDECAR_OF, exporterName));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Sidecars.KIND_ANNOTATION, injection.kind().annotationValue());
        configHash.ifPresent(hash -> annotations.put(Deployments.CONFIG_HASH_ANNOTATION, hash));
        patch.putEntries(RawPod.ANNOTATIONS, annotations);
        // A native sidecar goes last among the init containers: those before it complete first, and
        // often prepare what it needs (a mesh's network rules, files); sidecars already listed (a mesh's
        // proxy) run before it and are stopped after it, so what it drains at shutdown still leaves the
        // pod. The application's containers start only once it is up (its startup probe).
        patch.append(injection.kind() == Sidecars.Kind.NATIVE ? RawPod.INIT_CONTAINERS : RawPod.CONTAINERS,
                List.of(JSON.valueToTree(injection.container())));
        patch.append(RawPod.VOLUMES, injection.volumes().stream().<JsonNode>map(JSON::valueToTree).toList());
        return patch.operations;
    }

    private void putEntries(String field, Map<String, String> entries) {
        if (pod.hasMetadata(field)) {
            entries.forEach((key, value) -> add("/metadata/" + field + "/" + escape(key), JSON.valueToTree(value)));
        } else {
            ObjectNode map = JSON.createObjectNode();
            entries.forEach(map::put);
            add("/metadata/" + field, map);
        }
    }

    private void append(String field, List<JsonNode> items) {
        if (pod.hasSpec(field)) {
            items.forEach(item -> add("/spec/" + field + "/-", item));
        } else {
            add("/spec/" + field, JSON.createArrayNode().addAll(items));
        }
    }

    private void add(String path, JsonNode value) {
        operations.addObject().put("op", "add").put("path", path).set("value", value);
    }

    /** A key as one JSON pointer segment (RFC 6901). */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
