package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.testing.AdjustableClock;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import dev.otlp.operator.testing.RequestRecorder.ApiRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exporter that the previous version (ce4148f) left behind, with the CA only in the Secret {@code X-receiver-ca}:
 * after the upgrade the operator adds the ConfigMap {@code X-receiver-ca} with that very CA and changes neither the
 * CA nor the certificate the pods and their clients use. (The pods roll once for other reasons of later versions:
 * the {@code check-config} init container, {@code [queue] shutdown_delay}, the receiver's previous API key file, and
 * the drain timeout now sized from the queue.)
 */
class ReceiverCaUpgradeTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    /** Every object of the previous version, read back from its API server (see the file's header). */
    private static final String PREVIOUS_VERSION = "/upgrade/secure-at-ce4148f.yaml";
    private static final String NAMESPACE = "upgraded";
    /** The previous version's clock when it issued the certificates; the upgrade comes an hour later. */
    private static final Instant ISSUED = Instant.parse("2026-12-07T12:00:00Z");

    private FleetUnderTest fleet;

    @AfterEach
    void stopOperator() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void upgradedOperatorPublishesTheSameCaInAConfigMapAndKeepsTheCertificates() throws IOException {
        List<HasMetadata> leftBehind = createWhatThePreviousVersionLeft();
        Secret caBefore = secret("secure-receiver-ca");
        Secret tlsBefore = secret("secure-receiver-tls");
        assertThat(configHash()).as("the previous version's config hash").isEqualTo("727baf52c2660903");
        assertThat(leftBehind).extracting(object -> object.getKind() + "/" + object.getMetadata().getName())
                .as("the previous version had no CA ConfigMap").doesNotContain("ConfigMap/secure-receiver-ca");
        String configBefore = configMap("secure-config").getData().get("config.toml");
        int mark = env.requests().mark();

        fleet = new FleetUnderTest(env, new OperatorSettings(FleetUnderTest.IMAGE, Set.of(), null, Cluster.RESYNC),
                new AdjustableClock(ISSUED.plus(Duration.ofHours(1))));

        awaitUntil("the CA ConfigMap is created", () -> configMap("secure-receiver-ca") != null);
        Cluster.sleep(Duration.ofSeconds(2));
        ConfigMap bundle = configMap("secure-receiver-ca");
        assertThat(bundle.getData()).as("the CA ConfigMap clients mount").containsOnlyKeys("ca.crt");
        assertThat(bundle.getData().get("ca.crt")).as("exactly the CA the previous version issued")
                .isEqualTo(decoded(caBefore.getData().get("ca.crt")));
        assertThat(bundle.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getName()).isEqualTo("secure");
            assertThat(owner.getController()).isTrue();
        });
        assertThat(secret("secure-receiver-ca").getData()).as("the same CA and key").isEqualTo(caBefore.getData());
        assertThat(secret("secure-receiver-tls").getData()).as("the same server certificate")
                .isEqualTo(tlsBefore.getData());
        assertThat(configMap("secure-config").getData().get("config.toml").lines())
                .as("the configuration keeps every line but the drain timeout, now sized from the queue, and gains the new version's")
                .containsAll(configBefore.lines().filter(line -> !line.startsWith("drain_timeout = ")).toList())
                .contains("api_key_previous_file = \"/etc/otlp/receiver-api-key/api-key.previous\"");
        List<ApiRequest> secretWrites = env.requests().writesSince(mark, OperatorTestEnvironment.OPERATOR_USER_AGENT)
                .stream().filter(request -> request.path().contains("/secrets")).toList();
        assertThat(secretWrites).as("the operator's writes to Secrets").isEmpty();
        assertThat(env.client().resources(Event.class).inNamespace(NAMESPACE).list().getItems())
                .extracting(Event::getReason).doesNotContain("CertificateRenewed");
    }

    /** Creates the objects as the previous version left them, owned by the exporter, which is created first. */
    private static List<HasMetadata> createWhatThePreviousVersionLeft() throws IOException {
        List<String> documents;
        try (InputStream in = ReceiverCaUpgradeTest.class.getResourceAsStream(PREVIOUS_VERSION)) {
            documents = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("(?m)^---$"))
                    .filter(document -> document.contains("kind:")).toList();
        }
        OtlpExporter recorded = Serialization.unmarshal(documents.get(0), OtlpExporter.class);
        OtlpExporter exporter = Serialization.unmarshal(documents.get(0), OtlpExporter.class);
        exporter.setStatus(null);
        exporter = env.client().resource(exporter).create();
        exporter.setStatus(recorded.getStatus());
        env.client().resource(exporter).updateStatus();
        String uid = exporter.getMetadata().getUid();
        List<HasMetadata> objects = documents.subList(1, documents.size()).stream()
                .map(document -> (HasMetadata) Serialization.unmarshal(document, GenericKubernetesResource.class))
                .toList();
        for (HasMetadata object : objects) {
            object.getMetadata().getOwnerReferences().forEach(owner -> owner.setUid(uid));
            env.client().resource(object).create();
        }
        env.kubelet().markReady(NAMESPACE, "secure");
        return objects;
    }

    private static Secret secret(String name) {
        return env.client().secrets().inNamespace(NAMESPACE).withName(name).get();
    }

    private static ConfigMap configMap(String name) {
        return env.client().configMaps().inNamespace(NAMESPACE).withName(name).get();
    }

    private static String configHash() {
        Map<String, String> annotations = env.client().apps().deployments().inNamespace(NAMESPACE).withName("secure")
                .get().getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations.get("otlp.dev/config-hash");
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
