package dev.otlp.runtime.config;

import static dev.otlp.runtime.config.ValueTypes.BOOLEAN;
import static dev.otlp.runtime.config.ValueTypes.DURATION;
import static dev.otlp.runtime.config.ValueTypes.FAILOVER_TABLES;
import static dev.otlp.runtime.config.ValueTypes.FRACTION;
import static dev.otlp.runtime.config.ValueTypes.HEADERS;
import static dev.otlp.runtime.config.ValueTypes.INTEGER;
import static dev.otlp.runtime.config.ValueTypes.PATH;
import static dev.otlp.runtime.config.ValueTypes.SECRET;
import static dev.otlp.runtime.config.ValueTypes.SIZE;
import static dev.otlp.runtime.config.ValueTypes.STRING;
import static dev.otlp.runtime.config.ValueTypes.STRING_LIST;
import static dev.otlp.runtime.config.ValueTypes.oneOf;

import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.LoggingConfig.Format;
import dev.otlp.runtime.config.LoggingConfig.Level;
import dev.otlp.runtime.config.LoggingConfig.Output;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.PersistenceConfig.Sync;
import dev.otlp.runtime.config.UpstreamConfig.Protocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every section and key of the configuration file, in the order they are rendered: the design
 * seed's keys plus {@code [receiver]}, {@code [queue]} and the listeners' hosts.
 */
final class ConfigSchema {

    /** {@code [otlp] failover}: the {@code [[otlp.failover]]} tables. */
    static final String FAILOVER = "failover";

    private static final Map<String, ConfigSetting> BY_KEY = new LinkedHashMap<>();

    static {
        section("otlp")
                .add("endpoint", STRING, c -> c.otlp().endpoint(),
                        "Where exports go: `host:port` or a URL (`https://` for TLS); `debug` sends nothing and logs each batch")
                .add("protocol", oneOf(Protocol.class, Protocol::key), c -> c.otlp().protocol(),
                        "OTLP transport to the upstream")
                .add("timeout", DURATION, c -> c.otlp().timeout(),
                        "Deadline of one export attempt")
                .add("retry_attempts", INTEGER, c -> c.otlp().retryAttempts(),
                        "Quick retries of a failed batch before it is retried every `max_retry_delay` (it is never given up unless `queue.max_age` is set)")
                .add("retry_delay", DURATION, c -> c.otlp().retryDelay(),
                        "First delay between retries; it doubles, with jitter")
                .add("max_retry_delay", DURATION, c -> c.otlp().maxRetryDelay(),
                        "Longest delay between retries")
                .add("headers", HEADERS, c -> c.otlp().headers().isEmpty() ? null : c.otlp().headers(),
                        "Headers sent with every export, e.g. a tenant id")
                .add("max_export_size", SIZE, c -> c.otlp().maxExportSize(),
                        "Largest export the upstream receives (uncompressed protobuf); larger requests are split at receipt")
                .add("failover_after", INTEGER, c -> failingOver(c, FailoverConfig::failoverAfter),
                        "Consecutive failed export attempts after which the runtime switches to the next `[[otlp.failover]]` upstream (default 3); a refusal of this runtime (401, 403, 404, TLS) switches at once")
                .add("failback_probe_interval", DURATION, c -> failingOver(c, FailoverConfig::failbackProbeInterval),
                        "While a secondary upstream is active, the primary is probed (an empty export) this often (default \"30s\"); the runtime fails back when a probe succeeds, so at most once per interval")
                .add(FAILOVER, FAILOVER_TABLES, null,
                        "Secondary upstreams, in order: `[[otlp.failover]]` tables with `endpoint`, `protocol`, `timeout`, `headers` and `[otlp.failover.tls]`, `[otlp.failover.authentication]`, `[otlp.failover.oauth2]` holding the keys of `[tls]`, `[authentication]`, `[oauth2]`. A key left out takes its default, never the primary's value");
        section("service")
                .add("name", STRING, c -> c.service().name(),
                        "This runtime's service name, the `service` field of its log lines")
                .add("version", STRING, c -> c.service().version(),
                        "This runtime's service version")
                .add("namespace", STRING, c -> c.service().namespace(),
                        "This runtime's service namespace");
        section("performance")
                .add("profile", oneOf(Profile.class, Profile::key), c -> c.performance().profile(),
                        "Tuning profile whose defaults apply to every key not set")
                .add("enable_batching", BOOLEAN, c -> c.performance().enableBatching(),
                        "Merge requests into batches before exporting")
                .add("batch_size", INTEGER, c -> c.performance().batchSize(),
                        "Items at which a batch is sent")
                .add("batch_timeout", DURATION, c -> c.performance().batchTimeout(),
                        "Longest time a batch waits to fill")
                .add("max_batch_size", INTEGER, c -> c.performance().maxBatchSize(),
                        "Most items in one batch (adaptive batching grows up to it)")
                .add("enable_adaptive_batching", BOOLEAN, c -> c.performance().enableAdaptiveBatching(),
                        "Grow batches under load, shrink them when idle")
                .add("enable_compression", BOOLEAN, c -> c.performance().enableCompression(),
                        "Compress exports")
                .add("compression_algorithm", oneOf(Compression.class, Compression::key), c -> c.performance().compressionAlgorithm(),
                        "Compression of exports")
                .add("compression_level", INTEGER, c -> c.performance().compressionLevel(),
                        "Compression level (zstd 1-22, gzip 1-9)")
                .add("min_compression_size", SIZE, c -> c.performance().minCompressionSize(),
                        "Exports smaller than this are sent uncompressed")
                .add("enable_connection_pool", BOOLEAN, c -> c.performance().enableConnectionPool(),
                        "Keep a pool of connections to the upstream")
                .add("max_connections", INTEGER, c -> c.performance().maxConnections(),
                        "Most connections to the upstream")
                .add("min_connections", INTEGER, c -> c.performance().minConnections(),
                        "Connections kept open to the upstream")
                .add("connection_timeout", DURATION, c -> c.performance().connectionTimeout(),
                        "Deadline to open a connection")
                .add("idle_timeout", DURATION, c -> c.performance().idleTimeout(),
                        "An idle connection is closed after this")
                .add("max_lifetime", DURATION, c -> c.performance().maxLifetime(),
                        "A connection is replaced after this, so that connections rebalance across upstream replicas");
        section("authentication")
                .add("enable_auth", BOOLEAN, c -> c.authentication().enableAuth(),
                        "Authenticate to the upstream")
                .add("auth_type", oneOf(AuthType.class, AuthType::key), c -> c.authentication().authType(),
                        "How to authenticate to the upstream (mTLS: `tls.cert_file` and `tls.key_file`)")
                .add("api_key", SECRET, c -> c.authentication().apiKey(),
                        "API key sent to the upstream; prefer `api_key_file`")
                .add("api_key_file", PATH, c -> c.authentication().apiKeyFile(),
                        "File holding the API key")
                .add("api_key_header", STRING, c -> c.authentication().apiKeyHeader(),
                        "Header that carries the API key")
                .add("tls_cert_path", PATH, null,
                        "The seed's name for `tls.cert_file`")
                .add("tls_key_path", PATH, null,
                        "The seed's name for `tls.key_file`")
                .add("tls_ca_path", PATH, null,
                        "The seed's name for `tls.ca_file`");
        section("oauth2")
                .add("client_id", STRING, c -> c.oauth2().clientId(),
                        "OAuth2 client id (client-credentials grant)")
                .add("client_secret", SECRET, c -> c.oauth2().clientSecret(),
                        "OAuth2 client secret; prefer `client_secret_file`")
                .add("client_secret_file", PATH, c -> c.oauth2().clientSecretFile(),
                        "File holding the OAuth2 client secret")
                .add("token_url", STRING, c -> c.oauth2().tokenUrl(),
                        "OAuth2 token endpoint")
                .add("scope", STRING, c -> c.oauth2().scope(),
                        "OAuth2 scopes, separated by spaces");
        section("tls")
                .add("enable_tls", BOOLEAN, c -> c.tls().enableTls(),
                        "Use TLS to the upstream")
                .add("cert_file", PATH, c -> c.tls().certFile(),
                        "Client certificate (PEM) for mTLS to the upstream")
                .add("key_file", PATH, c -> c.tls().keyFile(),
                        "Client certificate's private key (PEM)")
                .add("ca_file", PATH, c -> c.tls().caFile(),
                        "CA certificates (PEM) that sign the upstream's certificate; the system's by default")
                .add("verify_cert", BOOLEAN, c -> c.tls().verifyCert(),
                        "Verify the upstream's certificate")
                .add("verify_hostname", BOOLEAN, c -> c.tls().verifyHostname(),
                        "Verify that the upstream's certificate names its host")
                .add("min_tls_version", STRING, c -> c.tls().minTlsVersion(),
                        "Lowest TLS version to the upstream (`1.2` or `1.3`)")
                .add("cipher_suites", STRING_LIST, c -> c.tls().cipherSuites(),
                        "Cipher suites allowed to the upstream; the JDK's by default");
        section("monitoring")
                .add("enable_metrics", BOOLEAN, c -> c.monitoring().enableMetrics(),
                        "Serve Prometheus `/metrics`")
                .add("metrics_port", INTEGER, c -> c.monitoring().metricsPort(),
                        "Port of `/metrics`")
                .add("enable_health_check", BOOLEAN, c -> c.monitoring().enableHealthCheck(),
                        "Serve `/health` and `/ready`")
                .add("health_check_port", INTEGER, c -> c.monitoring().healthCheckPort(),
                        "Port of `/health` and `/ready`")
                .add("enable_profiling", BOOLEAN, c -> c.monitoring().enableProfiling(),
                        "Serve `/debug/threads` and `/debug/jfr` (Java Flight Recordings)")
                .add("profiling_port", INTEGER, c -> c.monitoring().profilingPort(),
                        "Port of the profiling endpoints")
                .add("host", STRING, c -> c.monitoring().host(),
                        "Address the metrics and health endpoints listen on")
                .add("profiling_host", STRING, c -> c.monitoring().profilingHost(),
                        "Address the profiling endpoints listen on");
        section("logging")
                .add("level", oneOf(Level.class, ConfigSchema::lowerCase), c -> c.logging().level(),
                        "Lowest level logged")
                .add("format", oneOf(Format.class, ConfigSchema::lowerCase), c -> c.logging().format(),
                        "Log line format")
                .add("output", oneOf(Output.class, ConfigSchema::lowerCase), c -> c.logging().output(),
                        "Where logs go")
                .add("enable_structured_logging", BOOLEAN, c -> c.logging().enableStructuredLogging(),
                        "Add SLF4J key-value pairs and MDC entries to JSON log lines as fields");
        section("receiver")
                .add("host", STRING, c -> c.receiver().host(),
                        "Address the OTLP receivers listen on")
                .add("grpc_port", INTEGER, c -> c.receiver().grpcPort(),
                        "OTLP/gRPC port")
                .add("http_port", INTEGER, c -> c.receiver().httpPort(),
                        "OTLP/HTTP port")
                .add("max_request_size", SIZE, c -> c.receiver().maxRequestSize(),
                        "Largest request accepted, before and after decompression")
                .add("tls_cert_file", PATH, c -> c.receiver().tlsCertFile(),
                        "Server certificate (PEM) for TLS on both receivers")
                .add("tls_key_file", PATH, c -> c.receiver().tlsKeyFile(),
                        "Server certificate's private key (PEM)")
                .add("api_key", SECRET, c -> c.receiver().apiKey(),
                        "API key clients must present; prefer `api_key_file`")
                .add("api_key_file", PATH, c -> c.receiver().apiKeyFile(),
                        "File holding the API keys clients may present, one per line (`#` comments and blank lines"
                                + " ignored); reloaded when it changes")
                .add("api_key_previous_file", PATH, c -> c.receiver().apiKeyPreviousFile(),
                        "File holding keys still accepted during a key rotation, in the same format; may be absent"
                                + " (then none); reloaded when it changes or disappears")
                .add("api_key_header", STRING, c -> c.receiver().apiKeyHeader(),
                        "Header that carries the clients' API key (a bearer token is accepted too)");
        section("queue")
                .add("max_items", INTEGER, c -> c.queue().maxItems(),
                        "Most items held for export; more are refused (429 / `RESOURCE_EXHAUSTED`)")
                .add("max_bytes", SIZE, c -> c.queue().maxBytes(),
                        "Most bytes held for export; more are refused")
                .add("high_water_mark", FRACTION, c -> c.queue().highWaterMark(),
                        "Queue fill above which `/ready` answers 503")
                .add("shutdown_delay", DURATION, c -> c.queue().shutdownDelay(),
                        "On SIGTERM, how long `/ready` answers 503 while data is still taken, so that the Service stops sending here first; then new data is refused (`UNAVAILABLE` / 503, retryable)")
                .add("drain_timeout", DURATION, c -> c.queue().drainTimeout(),
                        "On SIGTERM, how long to deliver what is held before exiting; default: a full queue at a tenth of the profile's measured export rate plus one `otlp.timeout`, 20s to 5m")
                .add("max_age", DURATION, c -> c.queue().expires() ? c.queue().maxAge() : null,
                        "Drop a batch still undelivered after this (counted, reason `expired`); unset: never")
                .add("persistent", BOOLEAN, c -> persisted(c, PersistenceConfig::enabled),
                        "Hold the queue in an append-only log on disk, replayed after a restart (default false: in memory)")
                .add("directory", PATH, c -> persisted(c, PersistenceConfig::directory),
                        "Directory of the persistent queue (required when `persistent`)")
                .add("max_disk_bytes", SIZE, c -> persisted(c, PersistenceConfig::maxDiskBytes),
                        "Most bytes the persistent queue uses on disk (default 1GiB)")
                .add("sync", oneOf(Sync.class, Sync::key), c -> persisted(c, PersistenceConfig::sync),
                        "When an append counts as durable: `write` (the default) survives the process's death, `fsync` a node crash");
    }

    /** The top-level key that may stand for {@code [performance] profile}. */
    static final String TOP_LEVEL_PROFILE = "profile";

    private ConfigSchema() {
    }

    static List<ConfigSetting> settings() {
        return List.copyOf(BY_KEY.values());
    }

    static List<String> sections() {
        return BY_KEY.values().stream().map(ConfigSetting::section).distinct().toList();
    }

    static boolean isSection(String name) {
        return sections().contains(name);
    }

    static Optional<ConfigSetting> find(String section, String name) {
        return Optional.ofNullable(BY_KEY.get(section + "." + name));
    }

    /** @throws IllegalArgumentException for a key this schema does not have: a programming error */
    static ConfigSetting setting(String key) {
        ConfigSetting setting = BY_KEY.get(key);
        if (setting == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return setting;
    }

    static List<String> names(String section) {
        return BY_KEY.values().stream().filter(s -> s.section().equals(section)).map(ConfigSetting::name).toList();
    }

    /** The sections that have a key called {@code name}. */
    static List<String> sectionsWith(String name) {
        return BY_KEY.values().stream().filter(s -> s.name().equals(name)).map(ConfigSetting::section).toList();
    }

    /** A failover setting; rendered only with {@code [[otlp.failover]]} tables, so that other configurations keep their text. */
    private static Object failingOver(RuntimeConfig config, Function<FailoverConfig, Object> setting) {
        return config.failover().enabled() ? setting.apply(config.failover()) : null;
    }

    /** A persistent queue's setting; rendered only for a persistent queue. */
    private static Object persisted(RuntimeConfig config, Function<PersistenceConfig, Object> setting) {
        PersistenceConfig persistence = config.queue().persistence();
        return persistence.enabled() ? setting.apply(persistence) : null;
    }

    private static String lowerCase(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static SectionBuilder section(String section) {
        return new SectionBuilder(section);
    }

    private record SectionBuilder(String section) {
        SectionBuilder add(String name, ValueType type, Function<RuntimeConfig, Object> current, String description) {
            ConfigSetting setting = new ConfigSetting(section, name, type, current, description);
            BY_KEY.put(setting.key(), setting);
            return this;
        }
    }
}
