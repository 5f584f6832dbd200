package dev.otlp.bench.operator;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.secrets.ServiceCertificates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The fleet the benchmark applies: exporters cycling through five shapes taken from
 * {@code samples/} (each profile; HPA; PDB; upstream TLS and API key with generated receiver
 * certificates and key; ServiceMonitor and PrometheusRule), spread round-robin over namespaces
 * {@code fleet-0..}, with the Secrets that the secure shape references in every namespace.
 */
final class FleetManifests {

    static final String COLLECTOR_CA = "collector-ca";
    static final String COLLECTOR_API_KEY = "collector-api-key";

    /** name prefix and spec, in YAML as a user would write them. */
    private static final List<Map.Entry<String, String>> SHAPES = List.of(
            Map.entry("balanced", """
                    profile: balanced
                    replicas: 2
                    upstream:
                      endpoint: http://otel-collector.observability.svc:4317
                      protocol: grpc
                      timeout: 30s
                      headers:
                        x-tenant: team-a
                    podDisruptionBudget:
                      maxUnavailable: 1
                    """),
            Map.entry("high-throughput", """
                    profile: high-throughput
                    upstream:
                      endpoint: http://otel-collector.observability.svc:4318
                      protocol: http
                      timeout: 30s
                    batching:
                      size: 1000
                      maxSize: 4000
                    queue:
                      maxItems: 1000000
                      maxBytes: 256Mi
                    resources:
                      requests: {cpu: "1", memory: 512Mi}
                      limits: {cpu: "2", memory: 1Gi}
                    autoscaling:
                      minReplicas: 2
                      maxReplicas: 10
                      targetCPUUtilizationPercentage: 70
                    """),
            Map.entry("low-latency", """
                    profile: low-latency
                    replicas: 2
                    upstream:
                      endpoint: http://otel-collector.observability.svc:4317
                      protocol: grpc
                      timeout: 5s
                    retry:
                      attempts: 2
                      initialDelay: 100ms
                      maxDelay: 1s
                    """),
            Map.entry("secure", """
                    profile: balanced
                    replicas: 2
                    upstream:
                      endpoint: https://collector.example.com:4317
                      protocol: grpc
                      tls:
                        caSecretRef: {name: collector-ca, key: ca.crt}
                        minVersion: "1.3"
                      auth:
                        type: apiKey
                        apiKey:
                          secretRef: {name: collector-api-key, key: api-key}
                          header: X-API-Key
                    receiver:
                      tls:
                        generate: true
                      auth:
                        apiKey:
                          generate: true
                    """),
            Map.entry("monitored", """
                    profile: balanced
                    replicas: 3
                    upstream:
                      endpoint: http://otel-collector.observability.svc:4317
                    monitoring:
                      serviceMonitor:
                        enabled: true
                        interval: 15s
                      alerts:
                        enabled: true
                        p99LatencyThreshold: 50ms
                        errorRateThreshold: 0.01
                    """));

    private FleetManifests() {
    }

    /**
     * Creates {@code object}. Conflict means that this very create went through before: the client retries a POST
     * whose answer came too late, as it does when the embedded server is slow under load.
     */
    static void create(KubernetesClient client, HasMetadata object) {
        try {
            client.resource(object).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    static String namespace(int index) {
        return "fleet-" + index;
    }

    /** The i-th exporter of the fleet. */
    static OtlpExporter exporter(int index, int namespaces) {
        Map.Entry<String, String> shape = SHAPES.get(index % SHAPES.size());
        String yaml = "apiVersion: otlp.dev/v1alpha1\nkind: OtlpExporter\nmetadata:\n  name: " + shape.getKey() + "-"
                + index + "\n  namespace: " + namespace(index % namespaces) + "\nspec:\n"
                + shape.getValue().indent(2);
        return Serialization.unmarshal(yaml, OtlpExporter.class);
    }

    /** The namespaces and, in each, the Secrets a user would have created for the secure shape. */
    static void prepareNamespaces(KubernetesClient client, int namespaces) {
        String ca = new ServiceCertificates().desiredData(null, null, "collector", "observability", Instant.now())
                .ca().get(ServiceCertificates.CA_CRT);
        String apiKey = Base64.getEncoder().encodeToString("benchmark-api-key".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < namespaces; i++) {
            String namespace = namespace(i);
            client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName(COLLECTOR_CA).withNamespace(namespace)
                    .endMetadata().withData(Map.of(ServiceCertificates.CA_CRT, ca)).build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName(COLLECTOR_API_KEY).withNamespace(namespace)
                    .endMetadata().withData(Map.of("api-key", apiKey)).build()).create();
        }
    }
}
