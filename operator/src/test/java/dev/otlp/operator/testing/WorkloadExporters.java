package dev.otlp.operator.testing;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterConfig;
import dev.otlp.operator.model.ResolvedExporter;

/** OtlpExporters for the workload model tests, written as a user writes them: YAML. */
public final class WorkloadExporters {

    public static final String IMAGE = "ghcr.io/otlp-fleet/exporter-runtime:0.1.0";
    public static final String CONFIG_HASH = "9f2c4e1a7b3d5f60";

    /** The exporter with every default resolved, as a reconcile resolves it: what the renderers read. */
    public static ResolvedExporter resolved(OtlpExporter exporter) {
        return ResolvedExporter.of(exporter, ExporterConfig.of(exporter), IMAGE);
    }

    /** Everything the pods can use: upstream CA, client certificate and API key, generated receiver TLS, a user receiver key. */
    public static final String RICH_SPEC = """
            profile: high-throughput
            image: registry.example.com/otlp/exporter:1.2.3
            upstream:
              endpoint: https://collector.example.com:4317
              tls:
                caSecretRef: {name: collector-ca, key: bundle.pem}
                clientCertSecretRef: {name: exporter-client-cert}
              auth:
                type: apiKey
                apiKey:
                  secretRef: {name: vendor-credentials, key: token}
                  header: X-Vendor-Key
            receiver:
              tls: {generate: true}
              auth:
                apiKey:
                  secretRef: {name: client-keys, key: current}
            autoscaling: {minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 75}
            podDisruptionBudget: {maxUnavailable: 25%}
            env:
              - {name: TZ, value: UTC}
              - name: POD_NAME
                valueFrom: {fieldRef: {fieldPath: metadata.name}}
            nodeSelector: {topology.kubernetes.io/zone: eu-west-1a, kubernetes.io/os: linux}
            tolerations:
              - {key: dedicated, operator: Equal, value: observability, effect: NoSchedule}
            affinity:
              podAntiAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    podAffinityTerm:
                      topologyKey: kubernetes.io/hostname
                      labelSelector:
                        matchLabels: {app.kubernetes.io/instance: gateway}
            podAnnotations: {prometheus.io/scrape: "false", team: observability}
            podLabels: {team: observability, tier: telemetry}
            """;

    public static final String MINIMAL_SPEC = """
            upstream:
              endpoint: https://collector.example.com:4317
            """;

    private WorkloadExporters() {
    }

    public static OtlpExporter rich() {
        return Exporters.withSpec(RICH_SPEC);
    }

    public static OtlpExporter minimal() {
        return Exporters.withSpec(MINIMAL_SPEC);
    }
}
