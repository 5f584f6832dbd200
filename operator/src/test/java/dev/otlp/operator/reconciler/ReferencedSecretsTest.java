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

/** The user's Secrets an exporter references: waited for when missing, and their changes roll the pods. */
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
    void changingAReferencedSecretRollsThePodsAndAnUnrelatedOneChangesNothing() {
        cluster.create(secret("collector-api-key", Map.of("api-key", "first")));
        cluster.create(secret("unrelated", Map.of("password", "one")));
        cluster.create(GATEWAY);
        cluster.awaitReady("gateway");
        String before = Cluster.configHash(cluster.get(Deployment.class, "gateway"));
        assertThat(cluster.exporter("gateway").getStatus().getConfigHash()).isEqualTo(before);

        int mark = cluster.mark();
        cluster.edit(Secret.class, "unrelated", secret -> {
            secret.getData().put("password", base64("two"));
            return secret;
        });
        assertThat(cluster.operatorWritesWhileIdle(fleet)).isEmpty();
        assertThat(cluster.operatorWritesSince(mark)).isEmpty();

        cluster.edit(Secret.class, "collector-api-key", secret -> {
            secret.getData().put("api-key", base64("second"));
            return secret;
        });

        awaitUntil("the pod template's config hash changes",
                () -> !Cluster.configHash(cluster.get(Deployment.class, "gateway")).equals(before));
        String after = Cluster.configHash(cluster.get(Deployment.class, "gateway"));
        awaitUntil("status.configHash follows", () -> after.equals(cluster.exporter("gateway").getStatus().getConfigHash()));
        cluster.awaitCondition("gateway", "Ready", "False", "PodsNotReady");
        assertThat(cluster.exporter("gateway").getMetadata().getGeneration()).isEqualTo(1);
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
