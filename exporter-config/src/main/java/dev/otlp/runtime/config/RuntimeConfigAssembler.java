package dev.otlp.runtime.config;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@link RuntimeConfig} from explicit settings over the chosen profile's defaults, and
 * applies the seed's implied settings: an {@code api_key} alone turns on API-key authentication,
 * {@code [authentication] tls_*_path} fill in {@code [tls]}, and an {@code https://} endpoint turns
 * TLS on unless {@code enable_tls = false}.
 */
final class RuntimeConfigAssembler {

    private final ExplicitSettings s;

    private RuntimeConfigAssembler(ExplicitSettings settings) {
        this.s = settings;
    }

    /** @param failover each {@code [[otlp.failover]]} table's settings, in order */
    static RuntimeConfig assemble(ExplicitSettings settings, List<ExplicitSettings> failover) {
        return new RuntimeConfigAssembler(settings).assemble(failover);
    }

    private RuntimeConfig assemble(List<ExplicitSettings> failoverTables) {
        Profile profile = s.get("performance.profile", Profile.BALANCED);
        RuntimeConfig base = RuntimeConfig.forProfile(profile);
        UpstreamConfig otlp = upstream(base.otlp());
        FailoverConfig failover = new FailoverConfig(
                s.get("otlp.failover_after", base.failover().failoverAfter()),
                s.get("otlp.failback_probe_interval", base.failover().failbackProbeInterval()),
                failoverTables.stream().map(table -> new RuntimeConfigAssembler(table).secondary(base, otlp)).toList());
        return new RuntimeConfig(otlp, service(base.service()), performance(base.performance()),
                authentication(base.authentication()), oauth2(base.oauth2()), tls(base.tls(), otlp),
                monitoring(base.monitoring()), logging(base.logging()), receiver(base.receiver()),
                queue(base.queue(), profile, otlp), failover);
    }

    /**
     * A secondary upstream from its own table over the defaults (never the primary's values: its
     * credentials are not for another host), sharing the primary's retries and export size limit.
     */
    private SecondaryUpstream secondary(RuntimeConfig base, UpstreamConfig primary) {
        UpstreamConfig d = base.otlp();
        UpstreamConfig otlp = upstream(new UpstreamConfig("", d.protocol(), d.timeout(), primary.retryAttempts(),
                primary.retryDelay(), primary.maxRetryDelay(), d.headers(), primary.maxExportSize()));
        return new SecondaryUpstream(otlp, authentication(base.authentication()), oauth2(base.oauth2()), tls(base.tls(), otlp));
    }

    private UpstreamConfig upstream(UpstreamConfig d) {
        return new UpstreamConfig(
                s.get("otlp.endpoint", d.endpoint()),
                s.get("otlp.protocol", d.protocol()),
                s.get("otlp.timeout", d.timeout()),
                s.get("otlp.retry_attempts", d.retryAttempts()),
                s.get("otlp.retry_delay", d.retryDelay()),
                s.get("otlp.max_retry_delay", d.maxRetryDelay()),
                s.get("otlp.headers", d.headers()),
                s.get("otlp.max_export_size", d.maxExportSize()));
    }

    private ServiceConfig service(ServiceConfig d) {
        return new ServiceConfig(
                s.get("service.name", d.name()),
                s.get("service.version", d.version()),
                s.get("service.namespace", d.namespace()));
    }

    private PerformanceConfig performance(PerformanceConfig d) {
        return new PerformanceConfig(
                d.profile(),
                s.get("performance.enable_batching", d.enableBatching()),
                s.get("performance.batch_size", d.batchSize()),
                s.get("performance.batch_timeout", d.batchTimeout()),
                s.get("performance.max_batch_size", d.maxBatchSize()),
                s.get("performance.enable_adaptive_batching", d.enableAdaptiveBatching()),
                s.get("performance.enable_compression", d.enableCompression()),
                s.get("performance.compression_algorithm", d.compressionAlgorithm()),
                s.get("performance.compression_level", d.compressionLevel()),
                s.get("performance.min_compression_size", d.minCompressionSize()),
                s.get("performance.enable_connection_pool", d.enableConnectionPool()),
                s.get("performance.max_connections", d.maxConnections()),
                s.get("performance.min_connections", d.minConnections()),
                s.get("performance.connection_timeout", d.connectionTimeout()),
                s.get("performance.idle_timeout", d.idleTimeout()),
                s.get("performance.max_lifetime", d.maxLifetime()));
    }

    private AuthenticationConfig authentication(AuthenticationConfig d) {
        boolean keyGiven = s.has("authentication.api_key") || s.has("authentication.api_key_file");
        AuthType type = s.get("authentication.auth_type", keyGiven ? AuthType.API_KEY : d.authType());
        boolean impliedEnabled = s.has("authentication.auth_type") ? type != AuthType.NONE : keyGiven;
        return new AuthenticationConfig(
                s.get("authentication.enable_auth", impliedEnabled || d.enableAuth()),
                type,
                s.get("authentication.api_key", d.apiKey()),
                s.get("authentication.api_key_file", d.apiKeyFile()),
                s.get("authentication.api_key_header", d.apiKeyHeader()));
    }

    private OAuth2Config oauth2(OAuth2Config d) {
        return new OAuth2Config(
                s.get("oauth2.client_id", d.clientId()),
                s.get("oauth2.client_secret", d.clientSecret()),
                s.get("oauth2.client_secret_file", d.clientSecretFile()),
                s.get("oauth2.token_url", d.tokenUrl()),
                s.get("oauth2.scope", d.scope()));
    }

    private TlsConfig tls(TlsConfig d, UpstreamConfig otlp) {
        boolean https = otlp.endpoint().toLowerCase(Locale.ROOT).startsWith("https://");
        return new TlsConfig(
                s.get("tls.enable_tls", https || d.enableTls()),
                s.get("tls.cert_file", s.get("authentication.tls_cert_path", d.certFile())),
                s.get("tls.key_file", s.get("authentication.tls_key_path", d.keyFile())),
                s.get("tls.ca_file", s.get("authentication.tls_ca_path", d.caFile())),
                s.get("tls.verify_cert", d.verifyCert()),
                s.get("tls.verify_hostname", d.verifyHostname()),
                s.get("tls.min_tls_version", d.minTlsVersion()),
                s.get("tls.cipher_suites", d.cipherSuites()));
    }

    private MonitoringConfig monitoring(MonitoringConfig d) {
        return new MonitoringConfig(
                s.get("monitoring.enable_metrics", d.enableMetrics()),
                s.get("monitoring.metrics_port", d.metricsPort()),
                s.get("monitoring.enable_health_check", d.enableHealthCheck()),
                s.get("monitoring.health_check_port", d.healthCheckPort()),
                s.get("monitoring.enable_profiling", d.enableProfiling()),
                s.get("monitoring.profiling_port", d.profilingPort()),
                s.get("monitoring.host", d.host()),
                s.get("monitoring.profiling_host", d.profilingHost()));
    }

    private LoggingConfig logging(LoggingConfig d) {
        return new LoggingConfig(
                s.get("logging.level", d.level()),
                s.get("logging.format", d.format()),
                s.get("logging.output", d.output()),
                s.get("logging.enable_structured_logging", d.enableStructuredLogging()));
    }

    private ReceiverConfig receiver(ReceiverConfig d) {
        return new ReceiverConfig(
                s.get("receiver.host", d.host()),
                s.get("receiver.grpc_port", d.grpcPort()),
                s.get("receiver.http_port", d.httpPort()),
                s.get("receiver.max_request_size", d.maxRequestSize()),
                s.get("receiver.tls_cert_file", d.tlsCertFile()),
                s.get("receiver.tls_key_file", d.tlsKeyFile()),
                s.get("receiver.api_key", d.apiKey()),
                s.get("receiver.api_key_file", d.apiKeyFile()),
                s.get("receiver.api_key_previous_file", d.apiKeyPreviousFile()),
                s.get("receiver.api_key_header", d.apiKeyHeader()));
    }

    /** A persistent queue's item limit is its disk budget unless {@code max_items} is set; a memory queue keeps the profile's. */
    private QueueConfig queue(QueueConfig d, Profile profile, UpstreamConfig otlp) {
        boolean persistent = s.get("queue.persistent", d.persistence().enabled());
        int maxItems = s.get("queue.max_items", persistent ? QueueConfig.UNBOUNDED_ITEMS : d.maxItems());
        long maxBytes = s.get("queue.max_bytes", d.maxBytes());
        long maxDiskBytes = s.get("queue.max_disk_bytes", d.persistence().maxDiskBytes());
        return new QueueConfig(
                maxItems,
                maxBytes,
                s.get("queue.high_water_mark", d.highWaterMark()),
                s.get("queue.shutdown_delay", d.shutdownDelay()),
                s.get("queue.drain_timeout", DrainTime.of(profile, otlp.timeout(), maxItems, persistent ? maxDiskBytes : maxBytes)),
                s.get("queue.max_age", d.maxAge()),
                new PersistenceConfig(
                        persistent,
                        s.get("queue.directory", d.persistence().directory()),
                        maxDiskBytes,
                        s.get("queue.sync", d.persistence().sync())));
    }
}
