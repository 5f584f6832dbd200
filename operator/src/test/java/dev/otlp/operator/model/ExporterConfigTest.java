package dev.otlp.operator.model;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.TuningProfile;
import dev.otlp.operator.testing.Exporters;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigLoader;
import dev.otlp.runtime.config.ConfigRenderer;
import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.Profile;
import dev.otlp.runtime.config.LoggingConfig;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExporterConfigTest {

    private static final String UPSTREAM = """
            upstream:
              endpoint: http://collector.observability.svc:4317
            """;

    @ParameterizedTest
    @EnumSource(TuningProfile.class)
    void eachProfileSuppliesItsDefaultsToTheRenderedConfig(TuningProfile profile) {
        RuntimeConfig config = ExporterConfig.of(Exporters.withSpec("profile: " + profile.key() + "\n" + UPSTREAM));

        Profile expected = Profile.valueOf(profile.name());
        assertThat(config.performance()).isEqualTo(expected.performance());
        assertThat(config.queue()).isEqualTo(expected.queue());
        PerformanceConfig p = expected.performance();
        assertThat(ConfigRenderer.render(config))
                .contains("profile = \"" + profile.key() + "\"")
                .contains("batch_size = " + p.batchSize() + "\n")
                .contains("max_batch_size = " + p.maxBatchSize() + "\n")
                .contains("compression_level = " + p.compressionLevel() + "\n")
                .contains("max_connections = " + p.maxConnections() + "\n")
                .contains("max_items = " + expected.queue().maxItems() + "\n");
    }

    @Test
    void withoutAProfileTheExporterIsBalanced() {
        OtlpExporter exporter = Exporters.withSpec(UPSTREAM);

        assertThat(ExporterConfig.effectiveProfile(exporter)).isEqualTo(TuningProfile.BALANCED);
        assertThat(ExporterConfig.of(exporter).performance()).isEqualTo(Profile.BALANCED.performance());
    }

    @Test
    void servesProfilingOnThePodsLoopbackOnlyWhenTheSpecAsks() {
        assertThat(ExporterConfig.of(Exporters.withSpec(UPSTREAM)).monitoring().enableProfiling()).isFalse();

        var monitoring = ExporterConfig.of(Exporters.withSpec(UPSTREAM + "profiling:\n  enabled: true\n")).monitoring();

        assertThat(monitoring.enableProfiling()).isTrue();
        assertThat(monitoring.profilingHost()).isEqualTo("127.0.0.1");
        assertThat(monitoring.profilingPort()).isEqualTo(ExporterPorts.PROFILING);
        assertThat(monitoring.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void mapsTheDeliverySettingsOntoTheRuntimesKeys() {
        RuntimeConfig config = ExporterConfig.of(Exporters.withSpec("""
                upstream:
                  endpoint: http://collector.observability.svc:4317
                  maxExportSize: 16Mi
                queue:
                  maxAge: 6h
                  persistence: {type: persistentVolumeClaim, size: 10Gi, sync: fsync}
                """));

        assertThat(config.otlp().maxExportSize()).isEqualTo(16L << 20);
        assertThat(config.queue().maxAge()).isEqualTo(Duration.ofHours(6));
        assertThat(config.queue().persistence()).isEqualTo(new PersistenceConfig(true,
                MountPaths.QUEUE_DIR, 9216L << 20, PersistenceConfig.Sync.FSYNC));
    }

    @Test
    void explicitFieldsWinAndTheRestStaysWithTheProfile() {
        RuntimeConfig config = ExporterConfig.of(Exporters.withSpec("""
                profile: high-throughput
                batching:
                  size: 50
                connectionPool:
                  min: 2
                  maxLifetime: 2m
                queue:
                  maxBytes: 64Mi
                """ + UPSTREAM));

        PerformanceConfig p = config.performance();
        assertThat(p.batchSize()).isEqualTo(50);
        assertThat(p.minConnections()).isEqualTo(2);
        assertThat(p.maxLifetime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.queue().maxBytes()).isEqualTo(64L << 20);
        assertThat(p.compressionAlgorithm()).isEqualTo(Compression.ZSTD);
        assertThat(p.compressionLevel()).isEqualTo(6);
        assertThat(p.maxBatchSize()).isEqualTo(2000);
        assertThat(p.maxConnections()).isEqualTo(50);
        assertThat(config.queue().maxItems()).isEqualTo(500_000);
    }

    @Test
    void everyTuningFieldReachesTheRuntime() {
        RuntimeConfig config = ExporterConfig.of(Exporters.withSpec("""
                profile: low-latency
                upstream:
                  endpoint: http://collector:4318
                  protocol: http
                  timeout: 5s
                  headers: {x-tenant: a}
                batching: {size: 20, timeout: 10ms, maxSize: 40, adaptive: true}
                compression: {algorithm: gzip, level: 9, minSize: 4096}
                connectionPool: {min: 1, max: 3, connectTimeout: 2s, idleTimeout: 30s, maxLifetime: 10m}
                retry: {attempts: 7, initialDelay: 200ms, maxDelay: 3s}
                queue: {maxItems: 1234, maxBytes: 1Gi}
                logging: {level: debug, format: text}
                """));

        assertThat(config.otlp().endpoint()).isEqualTo("http://collector:4318");
        assertThat(config.otlp().protocol()).isEqualTo(Protocol.HTTP);
        assertThat(config.otlp().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.otlp().headers()).isEqualTo(Map.of("x-tenant", "a"));
        assertThat(config.otlp().retryAttempts()).isEqualTo(7);
        assertThat(config.otlp().retryDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.otlp().maxRetryDelay()).isEqualTo(Duration.ofSeconds(3));
        PerformanceConfig p = config.performance();
        assertThat(p.batchSize()).isEqualTo(20);
        assertThat(p.batchTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(p.maxBatchSize()).isEqualTo(40);
        assertThat(p.enableAdaptiveBatching()).isTrue();
        assertThat(p.effectiveCompression()).isEqualTo(Compression.GZIP);
        assertThat(p.compressionLevel()).isEqualTo(9);
        assertThat(p.minCompressionSize()).isEqualTo(4096);
        assertThat(p.minConnections()).isEqualTo(1);
        assertThat(p.maxConnections()).isEqualTo(3);
        assertThat(p.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.queue().maxItems()).isEqualTo(1234);
        assertThat(config.queue().maxBytes()).isEqualTo(1L << 30);
        assertThat(config.logging().level()).isEqualTo(LoggingConfig.Level.DEBUG);
        assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.TEXT);
    }

    @Test
    void compressionNoneSendsBatchesUncompressed() {
        RuntimeConfig config = ExporterConfig.of(Exporters.withSpec("compression: {algorithm: none}\n" + UPSTREAM));

        assertThat(config.performance().effectiveCompression()).isEqualTo(Compression.NONE);
    }

    @Test
    void receiverListensOnEveryInterfaceWithTheFixedPortsAndLogsJson() {
        RuntimeConfig config = ExporterConfig.of(Exporters.withSpec(UPSTREAM));

        assertThat(config.receiver().host()).isEqualTo("0.0.0.0");
        assertThat(config.receiver().grpcPort()).isEqualTo(4317);
        assertThat(config.receiver().httpPort()).isEqualTo(4318);
        assertThat(config.monitoring().metricsPort()).isEqualTo(9090);
        assertThat(config.monitoring().healthCheckPort()).isEqualTo(8080);
        assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.JSON);
        assertThat(config.logging().level()).isEqualTo(LoggingConfig.Level.INFO);
        assertThat(config.service().name()).isEqualTo("gateway");
        assertThat(config.service().namespace()).isEqualTo("observability");
        assertThat(config.receiver().hasTls()).isFalse();
        assertThat(config.receiver().apiKeyFile()).isNull();
    }

    @Test
    void referencedSecretsBecomeMountedFilesNeverValues() {
        RuntimeConfig config = ExporterConfig.of(Exporters.sample("tls-and-api-key.yaml"));

        assertThat(config.authentication().effectiveType()).isEqualTo(AuthType.API_KEY);
        assertThat(config.authentication().apiKey()).isNull();
        assertThat(config.authentication().apiKeyFile()).isEqualTo("/etc/otlp/upstream-api-key/api-key");
        assertThat(config.tls().enableTls()).isTrue();
        assertThat(config.tls().caFile()).isEqualTo("/etc/otlp/upstream-ca/ca.crt");
        assertThat(config.tls().minTlsVersion()).isEqualTo("1.3");
        assertThat(config.receiver().tlsCertFile()).isEqualTo("/etc/otlp/receiver-tls/tls.crt");
        assertThat(config.receiver().tlsKeyFile()).isEqualTo("/etc/otlp/receiver-tls/tls.key");
        assertThat(config.receiver().apiKey()).isNull();
        assertThat(config.receiver().apiKeyFile()).isEqualTo("/etc/otlp/receiver-api-key/api-key");
        assertThat(ConfigRenderer.render(config))
                .contains("api_key_file = \"/etc/otlp/upstream-api-key/api-key\"")
                .doesNotContainPattern("(?m)^api_key = ")
                .doesNotContain("collector-api-key");
    }

    @Test
    void oauth2ReadsItsClientSecretFromAFileAndJoinsScopes() {
        RuntimeConfig config = ExporterConfig.of(Exporters.withSpec("""
                upstream:
                  endpoint: https://collector.example.com:4317
                  tls:
                    clientCertSecretRef: {name: client-cert}
                    insecureSkipVerify: true
                  auth:
                    type: oauth2
                    oauth2:
                      clientId: exporter
                      clientSecretRef: {name: oauth, key: secret}
                      tokenUrl: https://auth.example.com/token
                      scopes: [telemetry.write, telemetry.read]
                """));

        assertThat(config.authentication().effectiveType()).isEqualTo(AuthType.OAUTH2);
        assertThat(config.oauth2().clientId()).isEqualTo("exporter");
        assertThat(config.oauth2().clientSecret()).isNull();
        assertThat(config.oauth2().clientSecretFile()).isEqualTo("/etc/otlp/oauth2/client-secret");
        assertThat(config.oauth2().tokenUrl()).isEqualTo("https://auth.example.com/token");
        assertThat(config.oauth2().scope()).isEqualTo("telemetry.write telemetry.read");
        assertThat(config.tls().certFile()).isEqualTo("/etc/otlp/upstream-client/tls.crt");
        assertThat(config.tls().keyFile()).isEqualTo("/etc/otlp/upstream-client/tls.key");
        assertThat(config.tls().verifyCert()).isFalse();
        assertThat(config.tls().verifyHostname()).isFalse();
    }

    @Test
    void theRuntimeReadsTheRenderedConfigBackUnchanged() {
        for (String sample : new String[] {"low-latency.yaml", "balanced.yaml", "high-throughput.yaml", "tls-and-api-key.yaml", "alerts.yaml"}) {
            RuntimeConfig config = ExporterConfig.of(Exporters.sample(sample));

            ConfigLoadResult loaded = ConfigLoader.fromToml(ConfigRenderer.render(config), MountPaths.CONFIG_FILE, Map.of());

            assertThat(loaded.config()).as(sample).isEqualTo(config);
        }
    }
}
