package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.model.MountPaths;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.runtime.config.ConfigRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sidecar injection as the API server asks for it: an AdmissionReview (v1) of a Pod CREATE, and
 * the JSON patch applied to the pod as the API server would apply it.
 */
class PodInjectionTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final ObjectMapper JSON = KubernetesJson.MAPPER;
    private static final String IMAGE = "ghcr.io/otlp-fleet/otlp-exporter-runtime:0.1.0";
    private static final String SIDECAR_SPEC = """
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
            """;

    private final PodInjection injection = new PodInjection(env.client(), IMAGE);
    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = OperatorTestEnvironment.uniqueNamespace();
    }

    @Test
    void addsTheRuntimeWithTheExportersConfigAndSecretsListeningOnThePodsLoopback() {
        OtlpExporter exporter = create("agent", SIDECAR_SPEC);
        exporter.setStatus(new OtlpExporterStatus());
        exporter.getStatus().setConfigHash("0123456789abcdef");
        env.client().resource(exporter).inNamespace(namespace).updateStatus();

        Pod injected = injectInto(pod("agent"));

        Container runtime = container(injected, "otlp-exporter");
        assertThat(runtime.getImage()).isEqualTo(IMAGE);
        assertThat(runtime.getArgs()).containsExactly("--config", MountPaths.CONFIG_FILE);
        assertThat(runtime.getPorts()).extracting(ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(4317, 4318, ExporterPorts.SIDECAR_METRICS, ExporterPorts.SIDECAR_HEALTH);
        assertThat(runtime.getReadinessProbe()).as("an upstream outage must not take the application out of its Services")
                .isNull();
        assertThat(runtime.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(runtime.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(runtime.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(runtime.getVolumeMounts()).extracting(VolumeMount::getName).allMatch(name -> name.startsWith("otlp-exporter-"));
        assertThat(container(injected, "app").getVolumeMounts()).as("the application's own container is untouched").isNullOrEmpty();

        Map<String, Volume> volumes = injected.getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, volume -> volume));
        assertThat(volumes.get("otlp-exporter-config").getConfigMap().getName()).isEqualTo("agent-config");
        assertThat(volumes.values()).extracting(volume -> volume.getSecret() == null ? null : volume.getSecret().getSecretName())
                .contains("collector-key");
        assertThat(volumes.get("otlp-exporter-receiver-api-key").getProjected().getSources())
                .extracting(source -> source.getSecret().getName()).containsOnly("agent-receiver-api-key");
        assertThat(volumes).containsKey("app-data");

        assertThat(injected.getMetadata().getLabels()).containsEntry(Labels.SIDECAR_OF, "agent").containsEntry("app", "shop");
        assertThat(injected.getMetadata().getAnnotations()).containsEntry("otlp.dev/config-hash", "0123456789abcdef");
    }

    @Test
    void onTheTestApiServerOf1_32TheRuntimeJoinsAsANativeSidecarWhichAJobsPodDoesNotWaitFor() {
        assertThat(env.client().getKubernetesVersion().getMinor()).as("what the test API server's /version says").isEqualTo("32");
        create("agent", SIDECAR_SPEC);
        Pod job = pod("agent");
        job.getSpec().setRestartPolicy("Never");

        Pod injected = injectInto(job);

        Container runtime = injected.getSpec().getInitContainers().get(0);
        assertThat(runtime.getName()).isEqualTo("otlp-exporter");
        assertThat(runtime.getRestartPolicy()).as("a native sidecar: the pod ends when the application does").isEqualTo("Always");
        assertThat(runtime.getReadinessProbe()).isNull();
        assertThat(runtime.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("otlp-health");
        assertThat(injected.getSpec().getContainers()).extracting(Container::getName).containsExactly("app");
        assertThat(injected.getMetadata().getAnnotations()).containsEntry("otlp.dev/sidecar-kind", "native");
    }

    @Test
    void beforeKubernetes1_29TheRuntimeJoinsAsARegularContainer() {
        create("agent", SIDECAR_SPEC);

        Pod injected = injectInto(new PodInjection(env.client(), IMAGE, () -> version("1", "28", "v1.28.15")), pod("agent"));

        assertThat(injected.getSpec().getInitContainers()).isEmpty();
        assertThat(injected.getSpec().getContainers()).extracting(Container::getName).containsExactly("app", "otlp-exporter");
        assertThat(container(injected, "otlp-exporter").getRestartPolicy()).isNull();
        assertThat(injected.getMetadata().getAnnotations()).containsEntry("otlp.dev/sidecar-kind", "container");
    }

    @Test
    void theVersionIsReadOnceAndWhileItCannotBeReadTheRuntimeJoinsAsAContainerThatStartsOnEveryVersion() {
        create("agent", SIDECAR_SPEC);
        AtomicInteger reads = new AtomicInteger();
        Supplier<VersionInfo> apiServer = () -> {
            if (reads.incrementAndGet() == 1) {
                throw new KubernetesClientException("connect timed out");
            }
            return version("1", "30+", "v1.30.2-gke.1");
        };
        PodInjection injection = new PodInjection(env.client(), IMAGE, apiServer);

        assertThat(injectInto(injection, pod("agent")).getMetadata().getAnnotations()).containsEntry("otlp.dev/sidecar-kind",
                "container");
        assertThat(injectInto(injection, pod("agent")).getMetadata().getAnnotations()).containsEntry("otlp.dev/sidecar-kind",
                "native");
        assertThat(injectInto(injection, pod("agent")).getSpec().getInitContainers()).extracting(Container::getName)
                .containsExactly("otlp-exporter");
        assertThat(reads).as("read again after a failure, then kept").hasValue(2);
    }

    @Test
    void theRuntimesPortsAreNamedClearOfTheApplicationsMetricsAndHealthPorts() {
        create("agent", SIDECAR_SPEC);
        Pod pod = pod("agent");
        pod.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPort(9090, null, null, "metrics", "TCP"),
                new ContainerPort(8081, null, null, "health", "TCP")));

        Pod injected = injectInto(pod);

        assertThat(container(injected, "otlp-exporter").getPorts()).extracting(ContainerPort::getName)
                .containsExactly("otlp-grpc", "otlp-http", "otlp-metrics", "otlp-health");
        assertThat(container(injected, "app").getPorts()).extracting(ContainerPort::getName).containsExactly("metrics", "health");

        Pod otlpReceiver = pod("agent");
        otlpReceiver.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPort(14317, null, null, "otlp-grpc", "TCP")));
        assertThat(refusal(otlpReceiver)).contains("container app declares port name otlp-grpc",
                "named otlp-grpc, otlp-http, otlp-metrics, otlp-health");
    }

    @Test
    void aContainerOfTheApplicationsOwnNamedOtlpExporterIsRefusedNotSkipped() {
        create("agent", SIDECAR_SPEC);
        Pod pod = pod("agent");
        pod.getSpec().getContainers().add(new ContainerBuilder().withName("otlp-exporter").withImage("otel/collector:0.110").build());

        assertThat(refusal(pod)).contains("container otlp-exporter was not injected by the operator",
                "no label otlp.dev/sidecar-of", "rename that container, or remove the annotation");
    }

    @Test
    void theRenderedConfigurationListensOnLoopbackAndKeepsOffTheApplicationsCommonPorts() {
        String toml = configOf(create("agent", SIDECAR_SPEC));

        assertThat(toml).contains("host = \"127.0.0.1\"")
                .contains("metrics_port = " + ExporterPorts.SIDECAR_METRICS)
                .contains("health_check_port = " + ExporterPorts.SIDECAR_HEALTH);
    }

    @Test
    void trueInjectsTheNamespacesOnlySidecarExporterAndRefusesWhenThereIsNoneOrSeveral() {
        assertThat(refusal(pod("true"))).contains("has no OtlpExporter with mode sidecar");

        create("gateway", "upstream: {endpoint: http://collector:4317}\n");
        create("agent", SIDECAR_SPEC);
        assertThat(container(injectInto(pod("true")), "otlp-exporter")).isNotNull();

        create("second", SIDECAR_SPEC);
        assertThat(refusal(pod("true"))).contains("has 2 OtlpExporters with mode sidecar (agent, second)",
                "name one in the annotation");
    }

    @Test
    void aPodThatAsksForAnExporterThatCannotBeInjectedIsRefusedSayingWhy() {
        create("gateway", "upstream: {endpoint: http://collector:4317}\n");
        create("agent", SIDECAR_SPEC);

        assertThat(refusal(pod("missing"))).contains("names OtlpExporter missing, which does not exist in namespace " + namespace);
        assertThat(refusal(pod("gateway"))).contains("runs as mode deployment, not sidecar", "send to its Service");

        Pod clash = pod("agent");
        clash.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPort(4317, null, null, "grpc", "TCP")));
        assertThat(refusal(clash)).contains("container app declares port 4317");

        Pod hostNetwork = pod("agent");
        hostNetwork.getSpec().setHostNetwork(true);
        assertThat(refusal(hostNetwork)).contains("hostNetwork", "mode daemonset");
    }

    @Test
    void anInvalidSidecarExporterIsNotInjected() {
        create("agent", "mode: sidecar\nreplicas: 3\nupstream: {endpoint: http://collector:4317}\n");

        assertThat(refusal(pod("agent"))).contains("OtlpExporter agent is invalid", "spec.replicas");
    }

    @Test
    void anExporterStoredWithAValueTheModelCannotReadIsNamedInvalidNotMistakenForAnotherMode() {
        env.client().resource(Serialization.unmarshal("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: agent, namespace: %s}
                spec:
                  mode: sidecar
                  upstream: {endpoint: http://collector:4317}
                  batching: {size: 99999999999}
                """.formatted(namespace), GenericKubernetesResource.class)).create();

        assertThat(refusal(pod("agent"))).contains("OtlpExporter agent is invalid", "spec.batching.size", "out of range");
    }

    @Test
    void anAnnotatedPodThatCannotBeReadIsRefusedAndOthersAreStillInjected() {
        create("agent", SIDECAR_SPEC);
        ObjectNode unreadable = (ObjectNode) review(namespace, pod("agent"));
        ((ObjectNode) unreadable.at("/request/object")).put("spec", "not a pod spec");

        JsonNode refused = injection.answer(unreadable).path("response");

        assertThat(refused.path("allowed").asBoolean()).isFalse();
        assertThat(refused.at("/status/message").asText()).startsWith("the Pod cannot be read");
        ObjectNode volumesNotAList = (ObjectNode) review(namespace, pod("agent"));
        ((ObjectNode) volumesNotAList.at("/request/object/spec")).putObject("volumes");
        assertThat(injection.answer(volumesNotAList).at("/response/status/message").asText())
                .isEqualTo("the Pod cannot be read: spec.volumes is not a list");
        assertThat(container(injectInto(pod("agent")), "otlp-exporter")).isNotNull();
    }

    @Test
    void podsThatDoNotAskAndPodsAlreadyInjectedPassUnchanged() {
        create("agent", SIDECAR_SPEC);

        assertThat(answer(pod(null)).at("/response/allowed").asBoolean()).isTrue();
        assertThat(answer(pod(null)).has("patch")).isFalse();
        assertThat(answer(pod("false")).has("patch")).isFalse();
        ObjectNode unreadable = (ObjectNode) review(namespace, pod(null));
        ((ObjectNode) unreadable.at("/request/object")).put("spec", "not a pod spec");
        assertThat(injection.answer(unreadable).at("/response/allowed").asBoolean())
                .as("a pod that does not ask is let through unread").isTrue();
        Pod injected = injectInto(pod("agent"));
        JsonNode again = answer(injected);
        assertThat(again.at("/response/allowed").asBoolean()).isTrue();
        assertThat(again.at("/response").has("patch")).as("a pod is injected once").isFalse();
    }

    private OtlpExporter create(String name, String spec) {
        OtlpExporter exporter = Exporters.withSpec(spec);
        exporter.getMetadata().setName(name);
        exporter.getMetadata().setNamespace(namespace);
        return env.client().resource(exporter).create();
    }

    private Pod injectInto(Pod pod) {
        return injectInto(injection, pod);
    }

    /** The pod as the API server creates it: the patch applied strictly (RFC 6902) to the JSON it sent. */
    private Pod injectInto(PodInjection injection, Pod pod) {
        JsonNode review = review(namespace, pod);
        JsonNode response = injection.answer(review).path("response");
        assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
        JsonNode patch = readTree(Base64.getDecoder().decode(response.path("patch").asText()));
        JsonNode patched = JsonPatch.apply(patch, review.at("/request/object"), EnumSet.noneOf(CompatibilityFlags.class));
        return JSON.convertValue(patched, Pod.class);
    }

    private String refusal(Pod pod) {
        JsonNode response = answer(pod).path("response");
        assertThat(response.path("allowed").asBoolean()).as(response.toString()).isFalse();
        assertThat(response.has("patch")).isFalse();
        return response.at("/status/message").asText();
    }

    private JsonNode answer(Pod pod) {
        return injection.answer(review(namespace, pod));
    }

    private String configOf(OtlpExporter exporter) {
        return ConfigRenderer.render(ExporterConfig.of(exporter));
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The container of that name, whether a regular container or an init container (a native sidecar). */
    private static Container container(Pod pod, String name) {
        return Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream())
                .filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    /** An application pod as a Deployment creates it (no name, no namespace yet), asking for {@code inject} if not null. */
    static Pod pod(String inject) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withGenerateName("shop-").addToLabels("app", "shop").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("shop:1").endContainer()
                .addNewVolume().withName("app-data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec();
        if (inject != null) {
            pod.editMetadata().addToAnnotations(Labels.INJECT_ANNOTATION, inject).endMetadata();
        }
        return pod.build();
    }

    private static VersionInfo version(String major, String minor, String gitVersion) {
        return new VersionInfo.Builder().withMajor(major).withMinor(minor).withGitVersion(gitVersion).build();
    }

    static JsonNode review(String namespace, Pod pod) {
        ObjectNode request = JSON.createObjectNode().put("uid", "7a1b").put("operation", "CREATE").put("namespace", namespace);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.set("object", JSON.valueToTree(pod));
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", request);
        return review;
    }
}
