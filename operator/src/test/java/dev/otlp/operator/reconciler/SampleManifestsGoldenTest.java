package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterFeatures;
import dev.otlp.operator.model.WorkloadKind;
import dev.otlp.operator.model.Labels;
import dev.otlp.operator.testing.GoldenFiles;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.otlp.operator.api.KubernetesJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins, per file in {@code samples/}, every object the real operator writes for it once it has
 * settled (Ready), and the exporter's status, as one golden YAML under {@code golden/samples/}.
 * Run with {@code -Dgolden.update=true} to rewrite them.
 */
class SampleManifestsGoldenTest {

    private static final GoldenFiles GOLDEN = new GoldenFiles("samples", "SampleManifestsGoldenTest");

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment()
            .withCrd("/crds/monitoring.coreos.com_servicemonitors.yaml")
            .withCrd("/crds/monitoring.coreos.com_podmonitors.yaml")
            .withCrd("/crds/monitoring.coreos.com_prometheusrules.yaml");

    private static final Path SAMPLES = Path.of("..", "samples");
    private static final String NAMESPACE = "observability";
    private static final String CONFIG_HASH_ANNOTATION = "otlp.dev/config-hash";
    private static final String CONFIG_HASH_PLACEHOLDER = "<config-hash>";
    private static final String GENERATED_PLACEHOLDER = "<generated>";
    /** The CA's Secret and the ConfigMap with its certificate, whose data is generated as well. */
    private static final String RECEIVER_CA_SUFFIX = "-receiver-ca";
    private static final String JOSDK_PREVIOUS_ANNOTATION = "javaoperatorsdk.io/previous";
    private static final Set<String> VOLATILE_METADATA =
            Set.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields");
    /** As {@code Serialization.asYaml}, but long strings (PromQL, descriptions) stay on one line. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());
    private static final Set<String> STATUS_TIMESTAMPS = Set.of("lastTransitionTime", "lastUpdateTime", "lastProbeTime");

    /** The kinds an exporter may generate: everything labelled with its instance, of these kinds, is pinned. */
    private static final List<ApiKind> GENERATED_KINDS = List.of(
            new ApiKind("v1", "ConfigMap"),
            new ApiKind("v1", "Secret"),
            new ApiKind("v1", "Service"),
            new ApiKind("v1", "ServiceAccount"),
            new ApiKind("apps/v1", "Deployment"),
            new ApiKind("policy/v1", "PodDisruptionBudget"),
            new ApiKind("autoscaling/v2", "HorizontalPodAutoscaler"),
            new ApiKind("monitoring.coreos.com/v1", "ServiceMonitor"),
            new ApiKind("monitoring.coreos.com/v1", "PodMonitor"),
            new ApiKind("monitoring.coreos.com/v1", "PrometheusRule"));

    /** The Secrets the operator generates, per sample, with the keys each must hold. */
    private static final Map<String, Map<String, Set<String>>> GENERATED_SECRET_KEYS = Map.of(
            "tls-and-api-key.yaml", Map.of(
                    "secure-receiver-tls", Set.of("ca.crt", "tls.crt", "tls.key"),
                    "secure-receiver-ca", Set.of("ca.crt", "ca.key"),
                    "secure-receiver-api-key", Set.of("api-key")));

    private FleetUnderTest fleet;

    @AfterEach
    void stopOperator() {
        if (fleet != null) {
            fleet.close();
        }
    }

    static Stream<String> samples() {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleProducesItsGoldenManifests(String sample) throws IOException {
        createSecretsTheSamplesReference();
        fleet = new FleetUnderTest(env, Duration.ofMinutes(10));
        OtlpExporter exporter = FleetUnderTest.exporter(NAMESPACE, Files.readString(SAMPLES.resolve(sample)));
        String name = exporter.getMetadata().getName();
        env.client().resource(exporter).create();

        awaitUntil("a status", () -> FleetUnderTest.condition(exporter(name), "Ready").isPresent());
        boolean ownPods = WorkloadKind.of(exporter).ownPods();
        if (ownPods) {
            awaitUntil("the Deployment exists", () -> deployment(name) != null);
            env.kubelet().markReady(NAMESPACE, name);
        }
        awaitUntil("Ready=True", () -> FleetUnderTest.condition(exporter(name), "Ready")
                .map(c -> c.getStatus().equals("True")).orElse(false));

        String configHash = exporter(name).getStatus().getConfigHash();
        assertThat(configHash).as("status.configHash").matches("[0-9a-f]{16}");
        if (ownPods) {
            assertThat(deployment(name).getSpec().getTemplate().getMetadata().getAnnotations())
                    .as("the pod template's annotations").containsEntry(CONFIG_HASH_ANNOTATION, configHash);
        }
        assertGeneratedSecrets(sample, name);
        if (ExporterFeatures.generatesReceiverTls(exporter)) {
            String host = exporter(name).getStatus().getEndpoint().replaceFirst(":\\d+$", "");
            assertThat(receiverCertificateDnsNames(name)).as("DNS names of the receiver certificate").contains(host);
            assertThat(caBundle(name)).as("ca.crt of ConfigMap %s%s, what clients trust", name, RECEIVER_CA_SUFFIX)
                    .isEqualTo(Map.of("ca.crt", new String(Base64.getDecoder().decode(dataOf(env.client()
                            .genericKubernetesResources("v1", "Secret").inNamespace(NAMESPACE)
                            .withName(name + RECEIVER_CA_SUFFIX).get()).get("ca.crt")), StandardCharsets.US_ASCII)));
        }

        GOLDEN.assertMatches(sample, manifests(sample, name, configHash));
    }

    @Test
    void everyGoldenFileBelongsToASample() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN.directory())) {
            assertThat(files.map(path -> path.getFileName().toString()).toList())
                    .as("golden files in %s", GOLDEN.directory())
                    .containsExactlyInAnyOrderElementsOf(samples().toList());
        }
    }

    /** The user's Secrets that tls-and-api-key.yaml's comments tell to create: the collector's CA and API key. */
    private static void createSecretsTheSamplesReference() {
        createIfAbsent(secret("collector-ca", "ca.crt",
                "-----BEGIN CERTIFICATE-----\nTUlJQnRlc3Q=\n-----END CERTIFICATE-----\n"));
        createIfAbsent(secret("collector-api-key", "api-key", "collector-key-for-tests"));
    }

    private static Secret secret(String name, String key, String value) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static void createIfAbsent(Secret secret) {
        if (env.client().resource(secret).get() == null) {
            env.client().resource(secret).create();
        }
    }

    private void assertGeneratedSecrets(String sample, String name) {
        Map<String, Set<String>> actual = instanceObjects(new ApiKind("v1", "Secret"), name).stream()
                .collect(Collectors.toMap(secret -> secret.getMetadata().getName(),
                        secret -> dataOf(secret).keySet()));
        assertThat(actual).as("the Secrets generated for %s and their keys", sample)
                .isEqualTo(GENERATED_SECRET_KEYS.getOrDefault(sample, Map.of()));
        instanceObjects(new ApiKind("v1", "Secret"), name).forEach(secret -> dataOf(secret).forEach((key, value) ->
                assertThat(Base64.getDecoder().decode(value)).as("%s/%s", secret.getMetadata().getName(), key)
                        .isNotEmpty()));
    }

    /** The DNS names of the server certificate the operator issued, which clients check against status.endpoint. */
    private static List<String> receiverCertificateDnsNames(String name) {
        GenericKubernetesResource secret = env.client().genericKubernetesResources("v1", "Secret")
                .inNamespace(NAMESPACE).withName(name + "-receiver-tls").get();
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(dataOf(secret).get("tls.crt"))));
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : names.stream().map(entry -> String.valueOf(entry.get(1))).toList();
        } catch (CertificateException e) {
            throw new AssertionError("tls.crt of " + name + "-receiver-tls is not an X.509 certificate", e);
        }
    }

    private static Map<String, String> caBundle(String name) {
        return dataOf(env.client().genericKubernetesResources("v1", "ConfigMap").inNamespace(NAMESPACE)
                .withName(name + RECEIVER_CA_SUFFIX).get());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dataOf(GenericKubernetesResource secret) {
        Object data = secret.getAdditionalProperties().get("data");
        return data == null ? Map.of() : new TreeMap<>((Map<String, String>) data);
    }

    /** Every object labelled with the exporter's instance, then the exporter itself without its spec, normalized. */
    private String manifests(String sample, String name, String configHash) {
        List<ObjectNode> objects = new ArrayList<>();
        for (ApiKind kind : GENERATED_KINDS) {
            instanceObjects(kind, name).forEach(object -> objects.add(normalized(object)));
        }
        ObjectNode exporter = normalized(env.client().genericKubernetesResources("otlp.dev/v1alpha1", "OtlpExporter")
                .inNamespace(NAMESPACE).withName(name).get());
        exporter.remove("spec");
        objects.add(exporter);
        objects.sort(Comparator.comparing((ObjectNode object) -> object.path("kind").asText())
                .thenComparing(object -> object.path("metadata").path("name").asText()));

        StringBuilder yaml = new StringBuilder()
                .append("# What the operator writes for samples/").append(sample)
                .append(" once it is Ready, and the exporter's status.\n")
                .append("# Normalized: server-assigned metadata and timestamps dropped; generated Secret data and the\n")
                .append("# config hash are placeholders. ").append(GOLDEN.regenerateHint()).append('\n');
        objects.forEach(object -> yaml.append(asYaml(object)));
        return yaml.toString().replace(configHash, CONFIG_HASH_PLACEHOLDER);
    }

    private static String asYaml(JsonNode object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<GenericKubernetesResource> instanceObjects(ApiKind kind, String name) {
        return env.client().genericKubernetesResources(kind.apiVersion(), kind.kind()).inNamespace(NAMESPACE)
                .withLabel(Labels.INSTANCE, name).list().getItems();
    }

    private static ObjectNode normalized(GenericKubernetesResource resource) {
        ObjectNode object = KubernetesJson.MAPPER.valueToTree(resource);
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        VOLATILE_METADATA.forEach(metadata::remove);
        if (metadata.get("annotations") instanceof ObjectNode annotations) {
            annotations.remove(JOSDK_PREVIOUS_ANNOTATION);
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        metadata.path("ownerReferences").forEach(owner -> ((ObjectNode) owner).remove("uid"));
        if (object.get("status") != null) {
            removeFieldsNamed(object.get("status"), STATUS_TIMESTAMPS);
        }
        boolean generatedData = "Secret".equals(object.path("kind").asText())
                || ("ConfigMap".equals(object.path("kind").asText())
                && metadata.path("name").asText().endsWith(RECEIVER_CA_SUFFIX));
        if (generatedData && object.get("data") instanceof ObjectNode data) {
            data.fieldNames().forEachRemaining(key -> data.put(key, GENERATED_PLACEHOLDER));
        }
        if (generatedData && metadata.get("annotations") instanceof ObjectNode annotations) {
            annotations.fieldNames().forEachRemaining(key -> annotations.put(key, GENERATED_PLACEHOLDER));
        }
        if (object.path("status").get("receiverApiKey") instanceof ObjectNode keyTimes) {
            keyTimes.fieldNames().forEachRemaining(key -> keyTimes.put(key, GENERATED_PLACEHOLDER));
        }
        return object;
    }

    private static void removeFieldsNamed(JsonNode node, Set<String> names) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
                if (names.contains(fields.next())) {
                    fields.remove();
                }
            }
        }
        node.forEach(child -> removeFieldsNamed(child, names));
    }

    private static OtlpExporter exporter(String name) {
        return client().resources(OtlpExporter.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static Deployment deployment(String name) {
        return client().apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    private static KubernetesClient client() {
        return env.client();
    }

    private record ApiKind(String apiVersion, String kind) {
    }
}
