package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.ResolvedExporter;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.model.WorkloadKind;
import dev.otlp.operator.render.Sidecars;
import dev.otlp.operator.render.Sidecars.Injection;
import dev.otlp.operator.validation.SpecValidation;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;

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
 * runtime of a mode-sidecar OtlpExporter of its namespace ({@link Sidecars}): a native sidecar
 * where the API server runs them, a container where it does not; and the label
 * {@code otlp.dev/sidecar-of} by which the exporter's status counts it. The pod is read as the API
 * server sent it ({@link RawPod}), so that the patch ({@link SidecarPatch}) applies to it. A pod that
 * asks for an exporter that cannot be injected is refused, saying why: admitted without it, the
 * application would send to a port on localhost that nobody listens on. Other pods pass unchanged.
 */
public final class PodInjection {

    private final KubernetesClient client;
    private final String defaultImage;
    private final NativeSidecarSupport nativeSidecars;

    /** @param defaultImage the runtime image for exporters that name none */
    public PodInjection(KubernetesClient client, String defaultImage) {
        this(client, defaultImage, client::getKubernetesVersion);
    }

    /** @param apiServerVersion the API server's {@code /version}, read at the first pod injected */
    PodInjection(KubernetesClient client, String defaultImage, Supplier<VersionInfo> apiServerVersion) {
        this.client = client;
        this.defaultImage = defaultImage;
        this.nativeSidecars = new NativeSidecarSupport(apiServerVersion);
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
        JsonNode object = request.path("object");
        String asked = object.path("metadata").path("annotations").path(Labels.INJECT_ANNOTATION).asText("").trim();
        if (!request.path("operation").asText().equals("CREATE") || asked.isEmpty() || asked.equals("false")) {
            return;
        }
        RawPod pod = readPod(object);
        if (injectedBefore(pod)) {
            return;
        }
        String namespace = pod.namespace().orElse(request.path("namespace").asText());
        OtlpExporter exporter = asked.equals("true") ? onlySidecarExporter(namespace) : namedExporter(namespace, asked);
        SpecValidation.Result validation = SpecValidation.validate(exporter);
        if (!validation.valid()) {
            throw new Refusal("OtlpExporter " + name(exporter) + " is invalid, so it cannot be injected: "
                    + validation.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
        ResolvedExporter resolved = ResolvedExporter.of(exporter, validation.config().orElseThrow(), defaultImage);
        refuseOtherModes(resolved, exporter.getStatus());
        Injection injection = Sidecars.of(resolved, nativeSidecars.kind());
        refuseClashes(pod, resolved, injection);
        Optional<String> configHash = Optional.ofNullable(exporter.getStatus()).map(OtlpExporterStatus::getConfigHash);
        response.put("patchType", "JSONPatch");
        response.put("patch", Base64.getEncoder().encodeToString(SidecarPatch.of(pod, resolved.name(), configHash, injection)
                .toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static RawPod readPod(JsonNode object) {
        try {
            return RawPod.of(object);
        } catch (IllegalArgumentException e) {
            throw new Refusal("the Pod cannot be read: " + e.getMessage());
        }
    }

    /**
     * Whether the runtime was injected into the pod before: a pod created again from an injected pod's
     * manifest carries its container and label. A container of the application's own by the runtime's
     * name is refused, not passed by without the runtime the pod asks for.
     */
    private static boolean injectedBefore(RawPod pod) {
        boolean named = pod.allContainers()
                .anyMatch(container -> Sidecars.CONTAINER_NAME.equals(container.path("name").asText()));
        if (named && pod.label(Labels.SIDECAR_OF).isEmpty()) {
            throw new Refusal("the pod's container " + Sidecars.CONTAINER_NAME + " was not injected by the operator"
                    + " (the pod has no label " + Labels.SIDECAR_OF + "), and the runtime that " + Labels.INJECT_ANNOTATION
                    + " asks for needs that name: rename that container, or remove the annotation");
        }
        return named;
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
    private static void refuseOtherModes(ResolvedExporter exporter, OtlpExporterStatus status) {
        if (exporter.workloadKind() != WorkloadKind.SIDECAR) {
            String service = Optional.ofNullable(status).map(OtlpExporterStatus::getEndpoint)
                    .orElse(exporter.name() + ":4317");
            throw new Refusal(Labels.INJECT_ANNOTATION + " names OtlpExporter " + exporter.name() + ", which runs as mode "
                    + exporter.mode().key() + ", not sidecar: set its spec.mode to sidecar, or send to its Service "
                    + service + " and remove the annotation");
        }
    }

    private OtlpExporter onlySidecarExporter(String namespace) {
        List<OtlpExporter> sidecars = lookUp(() -> client.resources(OtlpExporter.class).inNamespace(namespace).list().getItems())
                .stream().filter(exporter -> WorkloadKind.of(exporter) == WorkloadKind.SIDECAR).toList();
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

    /**
     * A pod on the node's own network, and the runtime's ports (by number or name) and volume names that
     * the pod uses already: Kubernetes refuses a second volume of a name, and a port name twice in a pod
     * leaves Services and probes that select it by name with either port.
     */
    private static void refuseClashes(RawPod pod, ResolvedExporter exporter, Injection injection) {
        if (pod.hostNetwork()) {
            throw new Refusal("the pod uses the node's network (hostNetwork), where the ports of OtlpExporter "
                    + exporter.name() + " would be shared by every such pod on the node: use an exporter of mode daemonset");
        }
        List<Integer> ports = Sidecars.ports(exporter.config());
        List<String> portNames = Sidecars.portNames();
        List<String> volumes = injection.volumes().stream().map(Volume::getName).toList();
        List<String> clashes = new ArrayList<>();
        Stream.concat(pod.specList(RawPod.CONTAINERS), pod.specList(RawPod.INIT_CONTAINERS)).forEach(container -> {
            String containerName = container.path("name").asText();
            container.path("ports").forEach(port -> {
                if (ports.contains(port.path("containerPort").asInt())) {
                    clashes.add("container " + containerName + " declares port " + port.path("containerPort").asInt());
                }
                if (portNames.contains(port.path("name").asText())) {
                    clashes.add("container " + containerName + " declares port name " + port.path("name").asText());
                }
            });
        });
        pod.specList(RawPod.VOLUMES).map(volume -> volume.path("name").asText()).filter(volumes::contains)
                .forEach(volume -> clashes.add("the pod has a volume named " + volume));
        if (!clashes.isEmpty()) {
            throw new Refusal("OtlpExporter " + exporter.name() + " cannot be injected: it listens on ports "
                    + ports.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " named "
                    + String.join(", ", portNames) + " and adds volumes " + String.join(", ", volumes) + ", and "
                    + String.join(", ", clashes));
        }
    }

    private static String name(OtlpExporter exporter) {
        return exporter.getMetadata().getName();
    }

    /** Why the pod is refused; its message is the user's. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
