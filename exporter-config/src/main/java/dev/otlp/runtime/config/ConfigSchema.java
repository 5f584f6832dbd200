package dev.otlp.runtime.config;

import static dev.otlp.runtime.config.ValueTypes.BOOLEAN;
import static dev.otlp.runtime.config.ValueTypes.DURATION;
import static dev.otlp.runtime.config.ValueTypes.FRACTION;
import static dev.otlp.runtime.config.ValueTypes.HEADERS;
import static dev.otlp.runtime.config.ValueTypes.INTEGER;
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

    private static final Map<String, ConfigSetting> BY_KEY = new LinkedHashMap<>();

    static {
        section("otlp")
                .add("endpoint", STRING, c -> c.otlp().endpoint())
                .add("protocol", oneOf(Protocol.class, Protocol::key), c -> c.otlp().protocol())
                .add("timeout", DURATION, c -> c.otlp().timeout())
                .add("retry_attempts", INTEGER, c -> c.otlp().retryAttempts())
                .add("retry_delay", DURATION, c -> c.otlp().retryDelay())
                .add("max_retry_delay", DURATION, c -> c.otlp().maxRetryDelay())
                .add("headers", HEADERS, c -> c.otlp().headers().isEmpty() ? null : c.otlp().headers())
                .add("max_export_size", SIZE, c -> c.otlp().maxExportSize());
        section("service")
                .add("name", STRING, c -> c.service().name())
                .add("version", STRING, c -> c.service().version())
                .add("namespace", STRING, c -> c.service().namespace());
        section("performance")
                .add("profile", oneOf(Profile.class, Profile::key), c -> c.performance().profile())
                .add("enable_batching", BOOLEAN, c -> c.performance().enableBatching())
                .add("batch_size", INTEGER, c -> c.performance().batchSize())
                .add("batch_timeout", DURATION, c -> c.performance().batchTimeout())
                .add("max_batch_size", INTEGER, c -> c.performance().maxBatchSize())
                .add("enable_adaptive_batching", BOOLEAN, c -> c.performance().enableAdaptiveBatching())
                .add("enable_compression", BOOLEAN, c -> c.performance().enableCompression())
                .add("compression_algorithm", oneOf(Compression.class, Compression::key),
                        c -> c.performance().compressionAlgorithm())
                .add("compression_level", INTEGER, c -> c.performance().compressionLevel())
                .add("min_compression_size", SIZE, c -> c.performance().minCompressionSize())
                .add("enable_connection_pool", BOOLEAN, c -> c.performance().enableConnectionPool())
                .add("max_connections", INTEGER, c -> c.performance().maxConnections())
                .add("min_connections", INTEGER, c -> c.performance().minConnections())
                .add("connection_timeout", DURATION, c -> c.performance().connectionTimeout())
                .add("idle_timeout", DURATION, c -> c.performance().idleTimeout())
                .add("max_lifetime", DURATION, c -> c.performance().maxLifetime());
        section("authentication")
                .add("enable_auth", BOOLEAN, c -> c.authentication().enableAuth())
                .add("auth_type", oneOf(AuthType.class, AuthType::key), c -> c.authentication().authType())
                .add("api_key", SECRET, c -> c.authentication().apiKey())
                .add("api_key_file", STRING, c -> c.authentication().apiKeyFile())
                .add("api_key_header", STRING, c -> c.authentication().apiKeyHeader())
                .add("tls_cert_path", STRING, null)
                .add("tls_key_path", STRING, null)
                .add("tls_ca_path", STRING, null);
        section("oauth2")
                .add("client_id", STRING, c -> c.oauth2().clientId())
                .add("client_secret", SECRET, c -> c.oauth2().clientSecret())
                .add("client_secret_file", STRING, c -> c.oauth2().clientSecretFile())
                .add("token_url", STRING, c -> c.oauth2().tokenUrl())
                .add("scope", STRING, c -> c.oauth2().scope());
        section("tls")
                .add("enable_tls", BOOLEAN, c -> c.tls().enableTls())
                .add("cert_file", STRING, c -> c.tls().certFile())
                .add("key_file", STRING, c -> c.tls().keyFile())
                .add("ca_file", STRING, c -> c.tls().caFile())
                .add("verify_cert", BOOLEAN, c -> c.tls().verifyCert())
                .add("verify_hostname", BOOLEAN, c -> c.tls().verifyHostname())
                .add("min_tls_version", STRING, c -> c.tls().minTlsVersion())
                .add("cipher_suites", STRING_LIST, c -> c.tls().cipherSuites());
        section("monitoring")
                .add("enable_metrics", BOOLEAN, c -> c.monitoring().enableMetrics())
                .add("metrics_port", INTEGER, c -> c.monitoring().metricsPort())
                .add("enable_health_check", BOOLEAN, c -> c.monitoring().enableHealthCheck())
                .add("health_check_port", INTEGER, c -> c.monitoring().healthCheckPort())
                .add("enable_profiling", BOOLEAN, c -> c.monitoring().enableProfiling())
                .add("profiling_port", INTEGER, c -> c.monitoring().profilingPort())
                .add("host", STRING, c -> c.monitoring().host())
                .add("profiling_host", STRING, c -> c.monitoring().profilingHost());
        section("logging")
                .add("level", oneOf(Level.class, ConfigSchema::lowerCase), c -> c.logging().level())
                .add("format", oneOf(Format.class, ConfigSchema::lowerCase), c -> c.logging().format())
                .add("output", oneOf(Output.class, ConfigSchema::lowerCase), c -> c.logging().output())
                .add("enable_structured_logging", BOOLEAN, c -> c.logging().enableStructuredLogging());
        section("receiver")
                .add("host", STRING, c -> c.receiver().host())
                .add("grpc_port", INTEGER, c -> c.receiver().grpcPort())
                .add("http_port", INTEGER, c -> c.receiver().httpPort())
                .add("max_request_size", SIZE, c -> c.receiver().maxRequestSize())
                .add("tls_cert_file", STRING, c -> c.receiver().tlsCertFile())
                .add("tls_key_file", STRING, c -> c.receiver().tlsKeyFile())
                .add("api_key", SECRET, c -> c.receiver().apiKey())
                .add("api_key_file", STRING, c -> c.receiver().apiKeyFile())
                .add("api_key_header", STRING, c -> c.receiver().apiKeyHeader());
        section("queue")
                .add("max_items", INTEGER, c -> c.queue().maxItems())
                .add("max_bytes", SIZE, c -> c.queue().maxBytes())
                .add("high_water_mark", FRACTION, c -> c.queue().highWaterMark())
                .add("drain_timeout", DURATION, c -> c.queue().drainTimeout())
                .add("max_age", DURATION, c -> c.queue().expires() ? c.queue().maxAge() : null)
                .add("persistent", BOOLEAN, c -> persisted(c, PersistenceConfig::enabled))
                .add("directory", STRING, c -> persisted(c, PersistenceConfig::directory))
                .add("max_disk_bytes", SIZE, c -> persisted(c, PersistenceConfig::maxDiskBytes))
                .add("sync", oneOf(Sync.class, Sync::key), c -> persisted(c, PersistenceConfig::sync));
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
        SectionBuilder add(String name, ValueType type, Function<RuntimeConfig, Object> current) {
            ConfigSetting setting = new ConfigSetting(section, name, type, current);
            BY_KEY.put(setting.key(), setting);
            return this;
        }
    }
}
