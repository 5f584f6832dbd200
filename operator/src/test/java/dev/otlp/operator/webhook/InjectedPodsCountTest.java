package dev.otlp.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.operator.api.KubernetesJson;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.app.OtlpFleetOperator;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's status counts the pods the webhook injected, whichever way the runtime joined them:
 * as a native sidecar (an init container) or as a container. Pods are created from the patch applied
 * to what the API server sent, as the API server creates them.
 */
class InjectedPodsCountTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final ObjectMapper JSON = KubernetesJson.MAPPER;
    private static final String IMAGE = "registry.example/otlp-exporter-runtime:test";

    private final String namespace = OperatorTestEnvironment.uniqueNamespace();
    private KubernetesClient operatorClient;
    private OtlpFleetOperator operator;

    @BeforeEach
    void startOperator() {
        operatorClient = env.apiServer().newClient(OperatorTestEnvironment.OPERATOR_USER_AGENT);
        operator = OtlpFleetOperator.start(operatorClient,
                new OperatorSettings(IMAGE, Set.of(), null, Duration.ofMillis(200)), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @AfterEach
    void stopOperator() {
        operator.close();
        operatorClient.close();
    }

    @Test
    void countsRunningPodsWithANativeSidecarOrAContainerAndNotAJobPodThatCompleted() {
        OtlpExporter exporter = Exporters.withSpec("mode: sidecar\nupstream: {endpoint: http://collector:4317}\n");
        exporter.getMetadata().setName("agent");
        exporter.getMetadata().setNamespace(namespace);
        env.client().resource(exporter).create();
        awaitUntil("the exporter's config is in place", () -> agent().getStatus().getConfigHash() != null);

        PodInjection onNewServer = new PodInjection(env.client(), IMAGE, () -> version("30"));
        PodInjection onOldServer = new PodInjection(env.client(), IMAGE, () -> version("28"));
        Pod nativeSidecar = createInjected(onNewServer, "shop-native", "Running");
        Pod container = createInjected(onOldServer, "shop-container", "Running");
        createInjected(onNewServer, "report-job", "Succeeded");

        assertThat(nativeSidecar.getSpec().getInitContainers()).extracting("name").containsExactly("otlp-exporter");
        assertThat(container.getSpec().getContainers()).extracting("name").containsExactly("app", "otlp-exporter");
        awaitUntil("the status counts the two running pods", () -> Integer.valueOf(2).equals(agent().getStatus().getInjectedPods()));
        assertThat(agent().getStatus().getReady()).isEqualTo("2 injected");
    }

    private OtlpExporter agent() {
        return env.client().resources(OtlpExporter.class).inNamespace(namespace).withName("agent").get();
    }

    private Pod createInjected(PodInjection injection, String name, String phase) {
        Pod pod = PodInjectionTest.pod("agent");
        pod.getMetadata().setGenerateName(null);
        pod.getMetadata().setName(name);
        pod.getMetadata().setNamespace(namespace);
        JsonNode review = PodInjectionTest.review(namespace, pod);
        JsonNode response = injection.answer(review).path("response");
        assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
        JsonNode patched = JsonPatch.apply(read(Base64.getDecoder().decode(response.path("patch").asText())),
                review.at("/request/object"), EnumSet.noneOf(CompatibilityFlags.class));
        Pod created = env.client().pods().inNamespace(namespace).resource(JSON.convertValue(patched, Pod.class)).create();
        // The kubelet's part: status is a subresource, which a create does not write.
        env.client().pods().inNamespace(namespace).withName(name).editStatus(running -> {
            running.setStatus(new PodStatusBuilder().withPhase(phase).build());
            return running;
        });
        return created;
    }

    private static VersionInfo version(String minor) {
        return new VersionInfo.Builder().withMajor("1").withMinor(minor).withGitVersion("v1." + minor + ".0").build();
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
