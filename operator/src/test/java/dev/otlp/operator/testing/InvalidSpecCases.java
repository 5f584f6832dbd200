package dev.otlp.operator.testing;

import java.util.List;

/**
 * Every invalid OtlpExporter tried, as a careless user or a newer CRD writes them: each names the
 * field the answer must name and what refuses it first on a real cluster. Checked case by case in
 * {@code InvalidSpecCatalogTest}, all at once against a running operator in
 * {@code InvalidSpecFleetTest}, and listed in {@code docs/INVALID_RESOURCES.md}.
 */
public final class InvalidSpecCases {

    /** What refuses a case first on a real API server with the CRD installed. */
    public enum Gate {
        /** the CRD's schema (type, pattern, range, enum, required) at admission */
        SCHEMA("schema"),
        /** a CEL rule of the CRD at admission */
        CEL("CEL rule"),
        /** the operator: the resource is stored, and refused on its status */
        OPERATOR("operator");

        private final String label;

        Gate(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param spec  the spec as YAML, unindented; {@code {name}} and {@code {namespace}} stand for the resource's own
     * @param field the field the refusal must name
     * @param name  the resource's name when that is what is wrong with it, else null: any name will do
     */
    public record Case(String title, String spec, String field, Gate gate, String name) {

        public Case(String title, String spec, String field, Gate gate) {
            this(title, spec, field, gate, null);
        }

        /** A case whose name is what is wrong. */
        static Case named(String title, String name, String spec, Gate gate) {
            return new Case(title, spec, "metadata.name", gate, name);
        }

        /** The resource's name: the case's own, or {@code otherwise}. */
        public String name(String otherwise) {
            return name != null ? name : otherwise;
        }

        /** The whole resource, named {@code name} (unless the case's name is what is wrong) in {@code namespace}. */
        public String resource(String name, String namespace) {
            String named = name(name);
            return """
                    apiVersion: otlp.dev/v1alpha1
                    kind: OtlpExporter
                    metadata:
                      name: %s
                      namespace: %s
                    spec:
                    """.formatted(named, namespace)
                    + spec.replace("{name}", named).replace("{namespace}", namespace).indent(2);
        }
    }

    /** A name of {@code length} characters that is otherwise a valid one. */
    public static String nameOfLength(int length) {
        return "x" + "-long-name".repeat(length / 10 + 1).substring(0, length - 2) + "z";
    }

    private static final String UPSTREAM = "upstream:\n  endpoint: http://collector:4317\n";

    public static final List<Case> ALL = List.of(
            new Case("no upstream", "profile: balanced\n", "spec.upstream", Gate.SCHEMA),
            new Case("endpoint without a scheme", "upstream:\n  endpoint: collector:4317\n", "spec.upstream.endpoint", Gate.SCHEMA),
            new Case("endpoint with a space", "upstream:\n  endpoint: http://collector .svc:4317\n", "spec.upstream.endpoint", Gate.SCHEMA),
            new Case("unknown protocol", "upstream:\n  endpoint: http://c:4317\n  protocol: websocket\n", "spec.upstream.protocol", Gate.SCHEMA),
            new Case("timeout without a unit", UPSTREAM + "  timeout: \"30\"\n", "spec.upstream.timeout", Gate.SCHEMA),
            new Case("timeout past what the runtime holds", UPSTREAM + "  timeout: 99999999999h\n", "spec.upstream.timeout", Gate.OPERATOR),
            new Case("export size that is not a size", UPSTREAM + "  maxExportSize: lots\n", "spec.upstream.maxExportSize", Gate.CEL),
            new Case("profile from a newer CRD", UPSTREAM + "profile: ultra-fast\n", "spec.profile", Gate.SCHEMA),
            new Case("negative replicas", UPSTREAM + "replicas: -1\n", "spec.replicas", Gate.SCHEMA),
            new Case("replicas past the maximum", UPSTREAM + "replicas: 5000\n", "spec.replicas", Gate.SCHEMA),
            new Case("batch size past a Java int", UPSTREAM + "batching:\n  size: 99999999999\n", "spec.batching.size", Gate.SCHEMA),
            new Case("batch size of the wrong type", UPSTREAM + "batching:\n  size: many\n", "spec.batching.size", Gate.SCHEMA),
            new Case("batch size 0", UPSTREAM + "batching:\n  size: 0\n", "spec.batching.size", Gate.SCHEMA),
            new Case("batch timeout in words", UPSTREAM + "batching:\n  timeout: one week\n", "spec.batching.timeout", Gate.SCHEMA),
            new Case("maxSize below size", UPSTREAM + "batching:\n  size: 100\n  maxSize: 10\n", "spec.batching.maxSize", Gate.CEL),
            new Case("unknown compression", UPSTREAM + "compression:\n  algorithm: lz4\n", "spec.compression.algorithm", Gate.SCHEMA),
            new Case("compression level 30", UPSTREAM + "compression:\n  level: 30\n", "spec.compression.level", Gate.SCHEMA),
            new Case("gzip level 12", UPSTREAM + "compression:\n  algorithm: gzip\n  level: 12\n", "spec.compression.level", Gate.CEL),
            new Case("no upstream connections", UPSTREAM + "connectionPool:\n  max: 0\n", "spec.connectionPool.max", Gate.SCHEMA),
            new Case("pool min above max", UPSTREAM + "connectionPool:\n  min: 20\n  max: 10\n", "spec.connectionPool.min", Gate.CEL),
            new Case("retry attempts past the maximum", UPSTREAM + "retry:\n  attempts: 1000\n", "spec.retry.attempts", Gate.SCHEMA),
            new Case("retry maxDelay below initialDelay", UPSTREAM + "retry:\n  initialDelay: 10s\n  maxDelay: 1s\n", "spec.retry.maxDelay", Gate.CEL),
            new Case("queue of no items", UPSTREAM + "queue:\n  maxItems: 0\n", "spec.queue.maxItems", Gate.SCHEMA),
            new Case("queue bytes that are not a size", UPSTREAM + "queue:\n  maxBytes: lots\n", "spec.queue.maxBytes", Gate.CEL),
            new Case("queue bytes past the memory limit", UPSTREAM + "queue:\n  maxBytes: 4Gi\nresources:\n  limits:\n    memory: 256Mi\n",
                    "spec.queue.maxBytes", Gate.OPERATOR),
            new Case("queue age without a unit", UPSTREAM + "queue:\n  maxAge: \"3600\"\n", "spec.queue.maxAge", Gate.SCHEMA),
            new Case("persistence without a type", UPSTREAM + "queue:\n  persistence:\n    size: 1Gi\n", "spec.queue.persistence.type", Gate.SCHEMA),
            new Case("storage class on an emptyDir", UPSTREAM + "queue:\n  persistence:\n    type: emptyDir\n    storageClassName: fast\n",
                    "spec.queue.persistence.storageClassName", Gate.CEL),
            new Case("storage class name with capitals", UPSTREAM
                    + "queue:\n  persistence:\n    type: persistentVolumeClaim\n    storageClassName: Fast_SSD\n",
                    "spec.queue.persistence.storageClassName", Gate.SCHEMA),
            new Case("image reference with a space", UPSTREAM + "image: \"registry.example.com/otlp runtime:1.0\"\n", "spec.image", Gate.SCHEMA),
            new Case("API key header with spaces", UPSTREAM + "receiver:\n  auth:\n    apiKey:\n      generate: true\n      header: X API Key\n",
                    "spec.receiver.auth.apiKey.header", Gate.SCHEMA),
            new Case("generated and referenced receiver TLS", UPSTREAM + "receiver:\n  tls:\n    generate: true\n    secretRef:\n      name: tls\n",
                    "spec.receiver.tls", Gate.CEL),
            new Case("TLS to an http:// endpoint", UPSTREAM + "  tls:\n    minVersion: \"1.3\"\n", "spec.upstream.tls", Gate.CEL),
            new Case("TLS 1.1", "upstream:\n  endpoint: https://c:4317\n  tls:\n    minVersion: \"1.1\"\n", "spec.upstream.tls.minVersion", Gate.SCHEMA),
            new Case("CA reference without a key", "upstream:\n  endpoint: https://c:4317\n  tls:\n    caSecretRef:\n      name: ca\n",
                    "spec.upstream.tls.caSecretRef.key", Gate.SCHEMA),
            new Case("auth type apiKey without a key", UPSTREAM + "  auth:\n    type: apiKey\n", "spec.upstream.auth", Gate.CEL),
            new Case("autoscaling without maxReplicas", UPSTREAM + "autoscaling:\n  minReplicas: 2\n", "spec.autoscaling.maxReplicas", Gate.SCHEMA),
            new Case("autoscaling min above max", UPSTREAM + "autoscaling:\n  minReplicas: 8\n  maxReplicas: 4\n", "spec.autoscaling.minReplicas", Gate.CEL),
            new Case("maxUnavailable in words", UPSTREAM + "podDisruptionBudget:\n  maxUnavailable: half\n", "spec.podDisruptionBudget.maxUnavailable", Gate.CEL),
            new Case("error-rate threshold of 500%", UPSTREAM + "monitoring:\n  alerts:\n    errorRateThreshold: 5\n",
                    "spec.monitoring.alerts.errorRateThreshold", Gate.SCHEMA),
            new Case("unknown log level", UPSTREAM + "logging:\n  level: verbose\n", "spec.logging.level", Gate.SCHEMA),
            new Case("pod label the operator sets", UPSTREAM + "podLabels:\n  app.kubernetes.io/name: mine\n", "spec.podLabels", Gate.CEL),
            new Case("pod label key with a space", UPSTREAM + "podLabels:\n  \"my team\": a\n", "spec.podLabels", Gate.OPERATOR),
            new Case("memory limit that is not a quantity", UPSTREAM + "resources:\n  limits:\n    memory: lots\n",
                    "spec.resources.limits.memory", Gate.OPERATOR),
            new Case("env name with a space", UPSTREAM + "env:\n- name: MY VAR\n  value: x\n", "spec.env[0].name", Gate.OPERATOR),
            new Case("env overriding the upstream the operator sets", UPSTREAM + "env:\n- name: OTLP_ENDPOINT\n  value: http://localhost:4317\n",
                    "spec.env[0].name", Gate.OPERATOR),
            new Case("a mode from a newer CRD", UPSTREAM + "mode: serverless\n", "spec.mode", Gate.SCHEMA),
            new Case("replicas for a node agent", UPSTREAM + "mode: daemonset\nreplicas: 3\n", "spec.replicas", Gate.CEL),
            new Case("a host port for a gateway", UPSTREAM + "hostPort: true\n", "spec.hostPort", Gate.CEL),
            new Case("a persistent queue for a sidecar", UPSTREAM + "mode: sidecar\nqueue:\n  persistence: {type: emptyDir}\n",
                    "spec.queue.persistence", Gate.CEL),
            new Case("a ServiceMonitor for a sidecar", UPSTREAM + "mode: sidecar\nmonitoring:\n  serviceMonitor: {}\n",
                    "spec.monitoring.serviceMonitor", Gate.CEL),
            new Case("a PodMonitor for a gateway", UPSTREAM + "monitoring:\n  podMonitor: {enabled: true}\n",
                    "spec.monitoring.podMonitor", Gate.CEL),
            new Case("the exporter's own Service as upstream", "upstream:\n  endpoint: http://{name}.{namespace}.svc:4317\n",
                    "spec.upstream.endpoint", Gate.OPERATOR),
            new Case("queue-fill target above a full queue", UPSTREAM + "autoscaling:\n  maxReplicas: 4\n  metrics:\n    queueFill: 1.5\n",
                    "spec.autoscaling.metrics.queueFill", Gate.SCHEMA),
            new Case("autoscaling metrics naming none", UPSTREAM + "autoscaling:\n  maxReplicas: 4\n  metrics: {}\n",
                    "spec.autoscaling.metrics", Gate.CEL),
            new Case("KEDA on queue fill without Prometheus", UPSTREAM + "autoscaling:\n  maxReplicas: 4\n  engine: keda\n"
                    + "  metrics:\n    queueFill: 0.5\n", "spec.autoscaling.prometheusAddress", Gate.CEL),
            Case.named("a dotted name, which no Service may take", "x17.dotted.name", UPSTREAM, Gate.CEL),
            Case.named("a name starting with a digit", "9x-starts-with-digit", UPSTREAM, Gate.CEL),
            Case.named("a name of 64 characters", nameOfLength(64), UPSTREAM, Gate.CEL),
            Case.named("a name of 75 characters", nameOfLength(75), UPSTREAM, Gate.CEL),
            Case.named("a name of 53 characters for a StatefulSet", nameOfLength(53), UPSTREAM + "mode: statefulset\n", Gate.CEL),
            new Case("failover entry without an endpoint", UPSTREAM + "  failover:\n  - protocol: http\n",
                    "spec.upstream.failover[0].endpoint", Gate.SCHEMA),
            new Case("failover to the debug upstream", UPSTREAM + "  failover:\n  - endpoint: debug\n",
                    "spec.upstream.failover[0].endpoint", Gate.OPERATOR),
            new Case("failover entry with TLS to an http:// endpoint",
                    UPSTREAM + "  failover:\n  - endpoint: http://eu:4317\n    tls:\n      minVersion: \"1.3\"\n",
                    "spec.upstream.failover[0].tls", Gate.CEL),
            new Case("failover entry with apiKey auth without a key",
                    UPSTREAM + "  failover:\n  - endpoint: http://eu:4317\n    auth:\n      type: apiKey\n",
                    "spec.upstream.failover[0].auth", Gate.CEL),
            new Case("failover after no failed attempt", UPSTREAM + "  failoverAfter: 0\n", "spec.upstream.failoverAfter", Gate.SCHEMA));

    private InvalidSpecCases() {
    }
}
