package dev.otlp.runtime.config;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks ranges and combinations a {@link RuntimeConfig} must satisfy before the runtime starts
 * (or the operator rolls it out), returning every problem at once. No message quotes a secret.
 */
public final class ConfigValidator {

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> TLS_VERSIONS = Set.of("1.2", "1.3");

    private static final long MIN_EXPORT_SIZE = 1024;

    private final ProblemList problems = new ProblemList();

    private ConfigValidator() {
    }

    public static List<ConfigProblem> validate(RuntimeConfig config, FileChecks files) {
        ConfigValidator validator = new ConfigValidator();
        validator.upstream(config.otlp());
        validator.retries(config.otlp());
        validator.failover(config, files);
        validator.require(!config.service().name().isBlank(), "service.name", "must not be empty");
        validator.performance(config.performance());
        validator.authentication(config.authentication(), config.oauth2(), config.tls());
        validator.tls(config.tls());
        validator.monitoring(config.monitoring());
        validator.receiver(config.receiver());
        validator.queue(config.queue(), config.otlp());
        ListenerPorts.check(config, validator.problems);
        SelfLoopCheck.check(config, validator.problems);
        if (files == FileChecks.ON) {
            ReferencedFiles.check(config, validator.problems);
        }
        return validator.problems.toList();
    }

    private void upstream(UpstreamConfig otlp) {
        if (!otlp.isDebug()) {
            try {
                HttpUrl.parse(otlp.endpoint());
            } catch (IllegalArgumentException e) {
                problems.add("otlp.endpoint", "\"" + HttpUrl.redacted(otlp.endpoint()) + "\" " + e.getMessage()
                        + "; use http(s)://host:port of your collector, or " + UpstreamConfig.DEBUG_ENDPOINT);
            }
        }
        problems.positive(otlp.timeout(), "otlp.timeout");
        for (Map.Entry<String, String> header : otlp.headers().entrySet()) {
            require(HEADER_NAME.matcher(header.getKey()).matches(), "otlp.headers",
                    "\"" + header.getKey() + "\" is not a valid header name");
            require(header.getValue().chars().noneMatch(c -> c == '\r' || c == '\n'), "otlp.headers",
                    "the value of header " + header.getKey() + " contains a line break");
        }
    }

    /** What every upstream shares: retries and the export size limit. */
    private void retries(UpstreamConfig otlp) {
        problems.atLeast(otlp.retryAttempts(), 0, "otlp.retry_attempts");
        problems.positive(otlp.retryDelay(), "otlp.retry_delay");
        require(otlp.maxRetryDelay().compareTo(otlp.retryDelay()) >= 0, "otlp.max_retry_delay",
                "(" + Durations.format(otlp.maxRetryDelay()) + ") must be at least otlp.retry_delay ("
                        + Durations.format(otlp.retryDelay()) + ")");
        problems.atLeast(otlp.maxExportSize(), MIN_EXPORT_SIZE, "otlp.max_export_size");
    }

    /**
     * Each secondary upstream gets the primary's checks of endpoint, timeout, headers, TLS, authentication
     * and files, its problems named {@code otlp.failover[i].key}.
     */
    private void failover(RuntimeConfig config, FileChecks files) {
        FailoverConfig failover = config.failover();
        problems.atLeast(failover.failoverAfter(), 1, "otlp.failover_after");
        problems.positive(failover.failbackProbeInterval(), "otlp.failback_probe_interval");
        require(!failover.enabled() || !config.otlp().isDebug(), "otlp.failover",
                "the primary otlp.endpoint is " + UpstreamConfig.DEBUG_ENDPOINT
                        + ", which never fails: set it to your collector, or remove the [[otlp.failover]] tables");
        for (int i = 0; i < failover.upstreams().size(); i++) {
            RuntimeConfig view = config.withUpstream(failover.upstreams().get(i));
            ConfigValidator entry = new ConfigValidator();
            String endpoint = view.otlp().endpoint();
            if (endpoint.isBlank()) {
                entry.problems.add("otlp.endpoint", "is required: the URL of the secondary collector");
            } else if (view.otlp().isDebug()) {
                entry.problems.add("otlp.endpoint", "\"" + UpstreamConfig.DEBUG_ENDPOINT
                        + "\" is not an upstream to fail over to; use http(s)://host:port of a collector");
            } else {
                entry.upstream(view.otlp());
                SelfLoopCheck.check(view, entry.problems);
            }
            entry.authentication(view.authentication(), view.oauth2(), view.tls());
            entry.tls(view.tls());
            if (files == FileChecks.ON) {
                ReferencedFiles.checkUpstream(view, entry.problems);
            }
            String prefix = FailoverTables.prefix(i);
            entry.problems.toList().forEach(problem -> problems.add(
                    prefix + (problem.key().startsWith("otlp.") ? problem.key().substring("otlp.".length()) : problem.key()),
                    problem.message()));
        }
    }

    private void performance(PerformanceConfig p) {
        problems.atLeast(p.batchSize(), 1, "performance.batch_size");
        require(p.maxBatchSize() >= p.batchSize(), "performance.max_batch_size",
                "(" + p.maxBatchSize() + ") must be at least performance.batch_size (" + p.batchSize() + ")");
        problems.positive(p.batchTimeout(), "performance.batch_timeout");
        compressionLevel(p.compressionAlgorithm(), p.compressionLevel());
        problems.atLeast(p.maxConnections(), 1, "performance.max_connections");
        problems.atLeast(p.minConnections(), 0, "performance.min_connections");
        require(p.minConnections() <= p.maxConnections(), "performance.min_connections",
                "(" + p.minConnections() + ") must not exceed performance.max_connections (" + p.maxConnections() + ")");
        problems.positive(p.connectionTimeout(), "performance.connection_timeout");
        problems.positive(p.idleTimeout(), "performance.idle_timeout");
        problems.positive(p.maxLifetime(), "performance.max_lifetime");
    }

    private void compressionLevel(Compression algorithm, int level) {
        int max = switch (algorithm) {
            case ZSTD -> 22;
            case GZIP -> 9;
            case NONE -> Integer.MAX_VALUE;
        };
        require(algorithm == Compression.NONE || (level >= 1 && level <= max), "performance.compression_level",
                "must be in 1.." + max + " for " + algorithm.key() + ", got " + level);
    }

    private void authentication(AuthenticationConfig auth, OAuth2Config oauth2, TlsConfig tls) {
        require(!(auth.enableAuth() && auth.authType() == AuthType.NONE), "authentication.auth_type",
                "enable_auth is true but no auth_type is set; use api_key, oauth2 or mTLS");
        switch (auth.effectiveType()) {
            case API_KEY -> apiKey("authentication", auth.apiKey(), auth.apiKeyFile(), auth.apiKeyHeader(), true);
            case OAUTH2 -> oauth2(oauth2);
            case MTLS -> {
                require(tls.certFile() != null && tls.keyFile() != null, "tls.cert_file",
                        "auth_type mTLS needs tls.cert_file and tls.key_file (the client certificate and its key)");
                require(tls.enableTls(), "tls.enable_tls",
                        "auth_type mTLS needs TLS: set enable_tls = true or use an https:// endpoint");
            }
            case NONE -> { }
        }
    }

    private void apiKey(String section, Secret key, String keyFile, String header, boolean required) {
        require(!required || key != null || keyFile != null, section + ".api_key",
                "auth_type api_key needs api_key or api_key_file");
        require(key == null || keyFile == null, section + ".api_key",
                "set api_key or api_key_file, not both");
        require(key == null || !key.value().isBlank(), section + ".api_key", "must not be empty");
        require(HEADER_NAME.matcher(header).matches(), section + ".api_key_header",
                "\"" + header + "\" is not a valid header name");
    }

    private void oauth2(OAuth2Config oauth2) {
        require(oauth2.clientId() != null && !oauth2.clientId().isBlank(), "oauth2.client_id",
                "auth_type oauth2 needs client_id");
        require(oauth2.clientSecret() != null || oauth2.clientSecretFile() != null, "oauth2.client_secret",
                "auth_type oauth2 needs client_secret or client_secret_file");
        require(oauth2.clientSecret() == null || oauth2.clientSecretFile() == null, "oauth2.client_secret",
                "set client_secret or client_secret_file, not both");
        if (oauth2.tokenUrl() == null) {
            problems.add("oauth2.token_url", "auth_type oauth2 needs token_url");
            return;
        }
        try {
            HttpUrl.parse(oauth2.tokenUrl());
        } catch (IllegalArgumentException e) {
            problems.add("oauth2.token_url", "\"" + HttpUrl.redacted(oauth2.tokenUrl()) + "\" " + e.getMessage());
        }
    }

    private void tls(TlsConfig tls) {
        bothOrNeither(tls.certFile(), "tls.cert_file", tls.keyFile(), "tls.key_file", "a client certificate");
        require(TLS_VERSIONS.contains(tls.minTlsVersion()), "tls.min_tls_version",
                "must be \"1.2\" or \"1.3\", got \"" + tls.minTlsVersion() + "\"");
    }

    private void monitoring(MonitoringConfig monitoring) {
        problems.port(monitoring.metricsPort(), "monitoring.metrics_port");
        problems.port(monitoring.healthCheckPort(), "monitoring.health_check_port");
        problems.port(monitoring.profilingPort(), "monitoring.profiling_port");
        require(!monitoring.host().isBlank(), "monitoring.host", "must not be empty; use 0.0.0.0 to listen on every interface");
        require(!monitoring.profilingHost().isBlank(), "monitoring.profiling_host",
                "must not be empty; use 127.0.0.1 to reach it through kubectl port-forward only");
    }

    private void receiver(ReceiverConfig receiver) {
        require(!receiver.host().isBlank(), "receiver.host", "must not be empty; use 0.0.0.0 to listen on every interface");
        problems.port(receiver.grpcPort(), "receiver.grpc_port");
        problems.port(receiver.httpPort(), "receiver.http_port");
        problems.atLeast(receiver.maxRequestSize(), 1, "receiver.max_request_size");
        bothOrNeither(receiver.tlsCertFile(), "receiver.tls_cert_file", receiver.tlsKeyFile(), "receiver.tls_key_file",
                "the receiver's TLS");
        apiKey("receiver", receiver.apiKey(), receiver.apiKeyFile(), receiver.apiKeyHeader(), false);
        require(receiver.apiKeyPreviousFile() == null || receiver.apiKey() != null || receiver.apiKeyFile() != null,
                "receiver.api_key_previous_file", "previous keys need current ones: set receiver.api_key_file too");
    }

    private void queue(QueueConfig queue, UpstreamConfig otlp) {
        problems.atLeast(queue.maxItems(), 1, "queue.max_items");
        problems.atLeast(queue.maxBytes(), 1, "queue.max_bytes");
        require(queue.highWaterMark() > 0 && queue.highWaterMark() <= 1, "queue.high_water_mark",
                "must be a fraction in (0, 1], got " + queue.highWaterMark());
        problems.positive(queue.drainTimeout(), "queue.drain_timeout");
        require(!queue.maxAge().isNegative(), "queue.max_age",
                "must not be negative, got " + Durations.format(queue.maxAge()) + "; 0 holds data until it is delivered");
        PersistenceConfig persistence = queue.persistence();
        if (persistence.enabled()) {
            require(persistence.directory() != null && !persistence.directory().isBlank(), "queue.directory",
                    "persistent = true needs the directory that holds the queue's segment files");
            require(persistence.maxDiskBytes() >= otlp.maxExportSize(), "queue.max_disk_bytes",
                    "(" + Sizes.format(persistence.maxDiskBytes()) + ") must be at least otlp.max_export_size ("
                            + Sizes.format(otlp.maxExportSize()) + "), or no export would fit on disk");
        }
    }

    private void bothOrNeither(String first, String firstKey, String second, String secondKey, String what) {
        require(first != null || second == null, firstKey, secondKey + " is set but " + firstKey + " is not; "
                + what + " needs both");
        require(second != null || first == null, secondKey, firstKey + " is set but " + secondKey + " is not; "
                + what + " needs both");
    }

    private void require(boolean ok, String key, String message) {
        problems.require(ok, key, message);
    }
}
