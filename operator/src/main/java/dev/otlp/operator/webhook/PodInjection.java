package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.operator.api.ExporterMode;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.ExporterModel;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.render.DeploymentModel;
import dev.otlp.operator.render.SidecarModel;
import dev.otlp.runtime.config.RuntimeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The mutating admission decision for a Pod. A pod annotated {@code otlp.dev/inject} gets the
 * runtime of a mode-sidecar OtlpExporter of its namespace as a container ({@link SidecarModel}),
 * and the label {@code otlp.dev/sidecar-of} by which the exporter's status counts it. A pod that
 * asks for an exporter that cannot be injected is refused, saying why: admitted without it, the
 * application would send to a port on localhost that nobody listens on. Other pods pass unchanged.
 */
public final class PodInjection {

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private final KubernetesClient client;
    private final String defaultImage;

    /** @param defaultImage the runtime image for exporters that name none */
    public PodInjection(KubernetesClient client, String defaultImage) {
        this.client = client;
        this.defaultImage = defaultImage;
    }

    /** The {@code AdmissionReview} (v1) answering {@code review}. */
    public JsonNode answer(JsonNode review) {
        JsonNode request = review.path("request");
        ObjectNode response = AdmissionReviews.allowing(request);
        try {
            decide(request, response);
        } catch (Refusal refusal) {
            AdmissionReviews.refuse(response, 403, "Forbidden", refusal.getMessage());
        }
        return AdmissionReviews.answer(response);
    }

    private void decide(JsonNode request, ObjectNode response) {
        // Every pod of the cluster passes here: those that do not ask are let through without reading them.
        String asked = request.path("object").path("metadata").path("annotations").path(Labels.INJECT_ANNOTATION)
                .asText("").trim();
        if (!request.path("operation").asText().equals("CREATE") || asked.isEmpty() || asked.equals("false")) {
            return;
        }
        Pod pod = readPod(request);
        if (alreadyInjected(pod)) {
            return;
        }
        String namespace = Optional.ofNullable(pod.getMetadata().getNamespace()).orElse(request.path("namespace").asText());
        OtlpExporter exporter = asked.equals("true") ? onlySidecarExporter(namespace) : namedExporter(namespace, asked);
        List<SpecProblem> problems = ExporterModel.problems(exporter);
        if (!problems.isEmpty()) {
            throw new Refusal("OtlpExporter " + name(exporter) + " is invalid, so it cannot be injected: "
                    + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
        refuseOtherModes(exporter);
        RuntimeConfig config = ExporterConfig.of(exporter);
        refuseClashes(pod, exporter, config);
        String image = Optional.ofNullable(exporter.getSpec().getImage()).orElse(defaultImage);
        response.put("patchType", "JSONPatch");
        response.put("patch", Base64.getEncoder().encodeToString(
                patch(pod, exporter, SidecarModel.of(exporter, image, config)).toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static Pod readPod(JsonNode request) {
        try {
            Pod pod = JSON.treeToValue(request.path("object"), Pod.class);
            if (pod == null || pod.getMetadata() == null || pod.getSpec() == null) {
                throw new Refusal("the request holds no Pod");
            }
            return pod;
        } catch (Refusal refusal) {
            throw refusal;
        } catch (Exception e) {
            throw new Refusal("the Pod cannot be read: " + e.getMessage());
        }
    }

    /** A pod created again from one that was injected (or injected by an earlier call) gets no second runtime. */
    private static boolean alreadyInjected(Pod pod) {
        return containers(pod).anyMatch(container -> SidecarModel.CONTAINER_NAME.equals(container.getName()));
    }

    private OtlpExporter namedExporter(String namespace, String name) {
        OtlpExporter exporter = lookUp(() -> client.resources(OtlpExporter.class).inNamespace(namespace).withName(name).get());
        if (exporter == null) {
            throw new Refusal(Labels.INJECT_ANNOTATION + " names OtlpExporter " + name + ", which does not exist in namespace "
                    + namespace);
        }
        return exporter;
    }

    /** A valid exporter named by the annotation that runs pods of its own, which applications reach through its Service. */
    private static void refuseOtherModes(OtlpExporter exporter) {
        if (!isSidecar(exporter)) {
            String service = Optional.ofNullable(exporter.getStatus()).map(OtlpExporterStatus::getEndpoint)
                    .orElse(name(exporter) + ":4317");
            throw new Refusal(Labels.INJECT_ANNOTATION + " names OtlpExporter " + name(exporter) + ", which runs as mode "
                    + modeOf(exporter).key() + ", not sidecar: set its spec.mode to sidecar, or send to its Service "
                    + service + " and remove the annotation");
        }
    }

    private OtlpExporter onlySidecarExporter(String namespace) {
        List<OtlpExporter> sidecars = lookUp(() -> client.resources(OtlpExporter.class).inNamespace(namespace).list().getItems())
                .stream().filter(PodInjection::isSidecar).toList();
        if (sidecars.size() == 1) {
            return sidecars.get(0);
        }
        throw new Refusal(sidecars.isEmpty()
                ? Labels.INJECT_ANNOTATION + "=true, but namespace " + namespace + " has no OtlpExporter with mode sidecar"
                : Labels.INJECT_ANNOTATION + "=true, but namespace " + namespace + " has " + sidecars.size()
                + " OtlpExporters with mode sidecar (" + sidecars.stream().map(PodInjection::name).sorted()
                .collect(Collectors.joining(", ")) + "): name one in the annotation");
    }

    private static <T> T lookUp(Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            throw new Refusal(e.getCode() == 403
                    ? "the operator may not read OtlpExporters in this namespace, which it does not watch"
                    : "the OtlpExporters cannot be read to inject one (" + e.getCode() + "); try again");
        }
    }

    /** Ports the runtime takes that an application container already declares, and a pod on the node's own network. */
    private static void refuseClashes(Pod pod, OtlpExporter exporter, RuntimeConfig config) {
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            throw new Refusal("the pod uses the node's network (hostNetwork), where the ports of OtlpExporter "
                    + name(exporter) + " would be shared by every such pod on the node: use an exporter of mode daemonset");
        }
        List<String> clashes = new ArrayList<>();
        List<Integer> taken = SidecarModel.ports(config);
        containers(pod).forEach(container -> Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
                .map(ContainerPort::getContainerPort)
                .filter(taken::contains)
                .forEach(port -> clashes.add("container " + container.getName() + " declares port " + port)));
        if (!clashes.isEmpty()) {
            String ports = taken.stream().map(String::valueOf).collect(Collectors.joining(", "));
            throw new Refusal("OtlpExporter " + name(exporter) + " cannot be injected: it listens on ports " + ports
                    + ", and " + String.join(", ", clashes));
        }
    }

    /** The JSON patch that adds the runtime, its volumes, the label that counts the pod and the config it started with. */
    private static ArrayNode patch(Pod pod, OtlpExporter exporter, SidecarModel.Injection injection) {
        ArrayNode patch = JSON.createArrayNode();
        if (pod.getMetadata().getLabels() == null) {
            add(patch, "/metadata/labels", JSON.createObjectNode());
        }
        add(patch, "/metadata/labels/" + escape(Labels.SIDECAR_OF), JSON.valueToTree(name(exporter)));
        Optional<String> configHash = Optional.ofNullable(exporter.getStatus()).map(OtlpExporterStatus::getConfigHash);
        if (configHash.isPresent()) {
            if (pod.getMetadata().getAnnotations() == null) {
                add(patch, "/metadata/annotations", JSON.createObjectNode());
            }
            add(patch, "/metadata/annotations/" + escape(DeploymentModel.CONFIG_HASH_ANNOTATION),
                    JSON.valueToTree(configHash.get()));
        }
        add(patch, "/spec/containers/-", JSON.valueToTree(injection.container()));
        if (pod.getSpec().getVolumes() == null) {
            add(patch, "/spec/volumes", JSON.createArrayNode());
        }
        for (Volume volume : injection.volumes()) {
            add(patch, "/spec/volumes/-", JSON.valueToTree(volume));
        }
        return patch;
    }

    private static void add(ArrayNode patch, String path, JsonNode value) {
        patch.addObject().put("op", "add").put("path", path).set("value", value);
    }

    /** A key as one JSON pointer segment (RFC 6901). */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static Stream<Container> containers(Pod pod) {
        return Stream.concat(Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream());
    }

    private static boolean isSidecar(OtlpExporter exporter) {
        return modeOf(exporter) == ExporterMode.SIDECAR;
    }

    private static ExporterMode modeOf(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getMode).orElse(ExporterMode.DEPLOYMENT);
    }

    private static String name(OtlpExporter exporter) {
        return exporter.getMetadata().getName();
    }

    /** Why the pod is refused; its message is the user's. */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
