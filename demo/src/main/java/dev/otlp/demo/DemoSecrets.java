package dev.otlp.demo;

import dev.otlp.operator.secrets.ServiceCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * For the demo only: the Secrets that {@code samples/tls-and-api-key.yaml} references
 * and that a user would create on a real cluster, filled with demo data and labelled as such.
 */
final class DemoSecrets {

    static final String DEMO_LABEL = "otlp.dev/demo-data";
    static final String COLLECTOR_CA = "collector-ca";
    static final String COLLECTOR_API_KEY = "collector-api-key";

    private DemoSecrets() {
    }

    /** Creates (or replaces) the demo Secrets in the namespace; returns their names. */
    static List<String> create(KubernetesClient client, String namespace) {
        String demoCa = new ServiceCertificates()
                .desiredData(null, null, "demo-collector", namespace, Instant.now())
                .ca().get(ServiceCertificates.CA_CRT);
        create(client, namespace, COLLECTOR_CA, Map.of("ca.crt", demoCa));
        create(client, namespace, COLLECTOR_API_KEY,
                Map.of("api-key", Base64.getEncoder().encodeToString(
                        "demo-api-key-not-a-secret".getBytes(StandardCharsets.UTF_8))));
        return List.of(COLLECTOR_CA, COLLECTOR_API_KEY);
    }

    private static void create(KubernetesClient client, String namespace, String name, Map<String, String> data) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of(DEMO_LABEL, "true"))
                .withAnnotations(Map.of("otlp.dev/description",
                        "demo data created by the otlp-fleet demo; not a real credential"))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        client.resource(secret).createOr(NonDeletingOperation::update);
    }
}
