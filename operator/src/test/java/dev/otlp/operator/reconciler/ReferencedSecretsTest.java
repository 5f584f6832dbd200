package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The user's Secrets an exporter references: waited for when missing; a change of their contents reaches the pods
 * through their mounted files, without a restart, and referencing another Secret rolls the pods.
 */
class ReferencedSecretsTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String GATEWAY = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              upstream:
                endpoint: https://collector.example.com:4317
                auth:
                  type: apiKey
                  apiKey:
                    secretRef:
                      name: collector-api-key
                      key: api-key
            """;

    private final Cluster cluster = new Cluster(env);
    @RegisterExtension
    final FleetUnderTest fleet = new FleetUnderTest(env, Cluster.RESYNC);

    @Test
    void aMissingSecretIsNamedWithItsFieldAndTheExporterProceedsOnceItIsCreated() {
        cluster.create(GATEWAY);

        Condition ready = cluster.awaitCondition("gateway", "Ready", "False", "SecretNotFound");
        assertThat(ready.getMessage()).contains("collector-api-key").contains("spec.upstream.auth.apiKey.secretRef");
        assertThat(cluster.events("gateway", "SecretNotFound")).singleElement()
                .satisfies(event -> assertThat(event.getType()).isEqualTo("Warning"));
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThatNothingIsCreated();

        cluster.create(secret("collector-api-key", Map.of("api-key", "s3cr3t")));

        awaitUntil("the Deployment exists", () -> cluster.get(Deployment.class, "gateway") != null);
        cluster.awaitReady("gateway");
        assertThat(cluster.exporter("gateway").getMetadata().getGeneration()).as("no edit of the exporter").isEqualTo(1);
        assertThat(cluster.get(Deployment.class, "gateway").getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName()).containsExactly("collector-api-key");
    }

    @Test
    void aSecretWithoutTheReferencedKeyIsNamedWithTheKey() {
        cluster.create(secret("collector-api-key", Map.of("token", "s3cr3t")));
        cluster.create(GATEWAY);

        Condition ready = cluster.awaitCondition("gateway", "Ready", "False", "SecretNotFound");
        assertThat(ready.getMessage()).contains("collector-api-key").contains("spec.upstream.auth.apiKey.secretRef")
                .contains("no key 'api-key'");
        assertThatNothingIsCreated();

        cluster.edit(Secret.class, "collector-api-key", secret -> {
            secret.getData().put("api-key", base64("s3cr3t"));
            return secret;
        });

        cluster.awaitReady("gateway");
    }

    @Test
    void changingAReferencedSecretsContentLeavesThePodsAloneAndReferencingAnotherSecretRollsThem() {
        cluster.create(secret("collector-api-key", Map.of("api-key", "first")));
        cluster.create(secret("unrelated", Map.of("password", "one")));
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        Deployment before = cluster.get(Deployment.class, "gateway");
        String hash = Cluster.configHash(before);
        assertThat(cluster.exporter("gateway").getStatus().getConfigHash()).isEqualTo(hash);

        int mark = cluster.mark();
        cluster.edit(Secret.class, "unrelated", secret -> {
            secret.getData().put("password", base64("two"));
            return secret;
        });
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.operatorWritesSince(mark)).isEmpty();

        double reconciled = fleet.reconciliationsStarted();
        cluster.edit(Secret.class, "collector-api-key", secret -> {
            secret.getData().put("api-key", base64("second"));
            return secret;
        });
        awaitUntil("the change is reconciled", () -> fleet.reconciliationsStarted() > reconciled);
        assertThat(cluster.operatorWritesWhileIdle(fleet)).as("the runtime reloads the key from its mounted file").isEmpty();
        assertThat(cluster.get(Deployment.class, "gateway").getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());

        cluster.create(secret("collector-api-key-2", Map.of("api-key", "third")));
        cluster.editSpec("gateway", spec -> spec.getUpstream().getAuth().getApiKey().getSecretRef().setName("collector-api-key-2"));

        awaitUntil("the pod template mounts the other Secret", () -> cluster.get(Deployment.class, "gateway").getSpec()
                .getTemplate().getSpec().getVolumes().stream()
                .anyMatch(volume -> volume.getSecret() != null && volume.getSecret().getSecretName().equals("collector-api-key-2")));
        String after = Cluster.configHash(cluster.get(Deployment.class, "gateway"));
        assertThat(after).as("a new Secret to mount is a new configuration").isNotEqualTo(hash);
        awaitUntil("status.configHash follows", () -> after.equals(cluster.exporter("gateway").getStatus().getConfigHash()));
        cluster.awaitCondition("gateway", "Ready", "False", "PodsNotReady");
        cluster.awaitReady("gateway");
    }

    @Test
    void aReceiverKeySecretMayCarryThePreviousKeyWhichThePodsReadWithoutARestart() {
        cluster.create(secret("clients", Map.of("apiKey", "new-key")));
        cluster.create("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata:
                  name: gateway
                spec:
                  upstream:
                    endpoint: https://collector.example.com:4317
                  receiver:
                    auth:
                      apiKey:
                        secretRef: {name: clients, key: apiKey}
                """);
        cluster.awaitReady("gateway");
        Deployment before = cluster.get(Deployment.class, "gateway");
        assertThat(before.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(volume -> volume.getProjected() != null)
                .singleElement().satisfies(volume -> assertThat(volume.getProjected().getSources())
                        .extracting(source -> source.getSecret().getName(), source -> source.getSecret().getOptional(),
                                source -> source.getSecret().getItems().get(0).getKey(),
                                source -> source.getSecret().getItems().get(0).getPath())
                        .containsExactly(tuple("clients", null, "apiKey", "api-key"),
                                tuple("clients", true, "apiKey.previous", "api-key.previous")));
        assertThat(cluster.get(ConfigMap.class, "gateway-config").getData().get("config.toml"))
                .contains("api_key_file = \"/etc/otlp/receiver-api-key/api-key\"")
                .contains("api_key_previous_file = \"/etc/otlp/receiver-api-key/api-key.previous\"");

        double reconciled = fleet.reconciliationsStarted();
        cluster.edit(Secret.class, "clients", secret -> {
            secret.getData().put("apiKey.previous", base64("old-key"));
            return secret;
        });
        awaitUntil("the change is reconciled", () -> fleet.reconciliationsStarted() > reconciled);
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.get(Deployment.class, "gateway").getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
        cluster.awaitReady("gateway");
    }

    private void assertThatNothingIsCreated() {
        assertThat(cluster.list(Deployment.class)).isEmpty();
        assertThat(cluster.list(ConfigMap.class)).isEmpty();
        assertThat(cluster.list(Service.class)).isEmpty();
        assertThat(cluster.list(ServiceAccount.class)).isEmpty();
    }

    private static Secret secret(String name, Map<String, String> values) {
        var builder = new SecretBuilder().withNewMetadata().withName(name).endMetadata();
        values.forEach((key, value) -> builder.addToData(key, base64(value)));
        return builder.build();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
