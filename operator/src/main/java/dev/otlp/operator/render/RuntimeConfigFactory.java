package dev.otlp.operator.render;

import dev.otlp.operator.api.ApiKeySpec;
import dev.otlp.operator.api.BatchingSpec;
import dev.otlp.operator.api.CompressionAlgorithm;
import dev.otlp.operator.api.CompressionSpec;
import dev.otlp.operator.api.ConnectionPoolSpec;
import dev.otlp.operator.api.LoggingSpec;
import dev.otlp.operator.api.OAuth2Spec;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterSpec;
import dev.otlp.operator.api.ProfilingSpec;
import dev.otlp.operator.api.QueuePersistenceSpec;
import dev.otlp.operator.api.QueueSpec;
import dev.otlp.operator.api.QueueSync;
import dev.otlp.operator.api.ReceiverApiKeySpec;
import dev.otlp.operator.api.ReceiverAuthSpec;
import dev.otlp.operator.api.ReceiverSpec;
import dev.otlp.operator.api.ReceiverTlsSpec;
import dev.otlp.operator.api.RetrySpec;
import dev.otlp.operator.api.TuningProfile;
import dev.otlp.operator.api.UpstreamAuthSpec;
import dev.otlp.operator.api.UpstreamAuthType;
import dev.otlp.operator.api.UpstreamProtocol;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.operator.api.UpstreamTlsSpec;
import dev.otlp.runtime.config.AuthenticationConfig;
import dev.otlp.runtime.config.AuthenticationConfig.AuthType;
import dev.otlp.runtime.config.Durations;
import dev.otlp.runtime.config.LoggingConfig;
import dev.otlp.runtime.config.MonitoringConfig;
import dev.otlp.runtime.config.OAuth2Config;
import dev.otlp.runtime.config.PerformanceConfig;
import dev.otlp.runtime.config.PerformanceConfig.Compression;
import dev.otlp.runtime.config.Profile;
import dev.otlp.runtime.config.PersistenceConfig;
import dev.otlp.runtime.config.QueueConfig;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.config.ServiceConfig;
import dev.otlp.runtime.config.Sizes;
import dev.otlp.runtime.config.TlsConfig;
import dev.otlp.runtime.config.UpstreamConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an OtlpExporter into the runtime configuration its pods run with: the profile's defaults,
 * then every field the spec sets. Credentials appear only as the files of {@link MountPaths}, never
 * as values, so the result can go into a ConfigMap.
 *
 * <p>Expects a spec that {@link SpecValidation} found no format problems in; a malformed duration
 * or size throws {@link IllegalArgumentException}.
 */
public final class RuntimeConfigFactory {

    private static final String ALL_INTERFACES = "0.0.0.0";

    private RuntimeConfigFactory() {
    }

    /** The profile in effect: the spec's, else balanced. */
    public static TuningProfile effectiveProfile(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getProfile).orElse(TuningProfile.BALANCED);
    }

    public static RuntimeConfig from(OtlpExporter exporter) {
        OtlpExporterSpec spec = Optional.ofNullable(exporter.getSpec()).orElseGet(OtlpExporterSpec::new);
        Profile profile = runtimeProfile(effectiveProfile(exporter));
        UpstreamSpec upstream = Optional.ofNullable(spec.getUpstream()).orElseGet(UpstreamSpec::new);
        UpstreamAuthSpec auth = upstream.getAuth();
        UpstreamTlsSpec tls = upstream.getTls();
        return new RuntimeConfig(
                upstream(upstream, spec.getRetry()),
                new ServiceConfig(exporter.getMetadata().getName(), "",
                        Optional.ofNullable(exporter.getMetadata().getNamespace()).orElse("")),
                performance(profile.performance(), spec.getBatching(), spec.getCompression(), spec.getConnectionPool()),
                authentication(auth),
                oauth2(auth),
                tls(upstream.getEndpoint(), tls),
                monitoring(spec.getProfiling()),
                logging(spec.getLogging()),
                receiver(spec.getReceiver()),
                queue(profile.queue(), spec.getQueue()));
    }

    private static MonitoringConfig monitoring(ProfilingSpec profiling) {
        boolean enableProfiling = Optional.ofNullable(profiling).map(ProfilingSpec::getEnabled).orElse(false);
        return new MonitoringConfig(true, ExporterPorts.METRICS, true, ExporterPorts.HEALTH, enableProfiling,
                ExporterPorts.PROFILING, "0.0.0.0", "127.0.0.1");
    }

    static Profile runtimeProfile(TuningProfile profile) {
        return switch (profile) {
            case LOW_LATENCY -> Profile.LOW_LATENCY;
            case BALANCED -> Profile.BALANCED;
            case HIGH_THROUGHPUT -> Profile.HIGH_THROUGHPUT;
        };
    }

    private static UpstreamConfig upstream(UpstreamSpec upstream, RetrySpec retry) {
        UpstreamConfig d = UpstreamConfig.defaults();
        Optional<RetrySpec> r = Optional.ofNullable(retry);
        return new UpstreamConfig(
                or(upstream.getEndpoint(), d.endpoint()),
                upstream.getProtocol() == null ? d.protocol()
                        : upstream.getProtocol() == UpstreamProtocol.HTTP ? UpstreamConfig.Protocol.HTTP : UpstreamConfig.Protocol.GRPC,
                duration(upstream.getTimeout(), d.timeout()),
                r.map(RetrySpec::getAttempts).orElse(d.retryAttempts()),
                duration(r.map(RetrySpec::getInitialDelay).orElse(null), d.retryDelay()),
                duration(r.map(RetrySpec::getMaxDelay).orElse(null), d.maxRetryDelay()),
                Optional.ofNullable(upstream.getHeaders()).orElse(Map.of()),
                bytes(upstream.getMaxExportSize(), d.maxExportSize()));
    }

    private static PerformanceConfig performance(PerformanceConfig d, BatchingSpec batchingSpec,
            CompressionSpec compressionSpec, ConnectionPoolSpec poolSpec) {
        BatchingSpec batching = Optional.ofNullable(batchingSpec).orElseGet(BatchingSpec::new);
        CompressionSpec compression = Optional.ofNullable(compressionSpec).orElseGet(CompressionSpec::new);
        ConnectionPoolSpec pool = Optional.ofNullable(poolSpec).orElseGet(ConnectionPoolSpec::new);
        Compression algorithm = compression.getAlgorithm() == null ? d.compressionAlgorithm()
                : runtimeCompression(compression.getAlgorithm());
        return new PerformanceConfig(
                d.profile(),
                true,
                or(batching.getSize(), d.batchSize()),
                duration(batching.getTimeout(), d.batchTimeout()),
                or(batching.getMaxSize(), d.maxBatchSize()),
                or(batching.getAdaptive(), d.enableAdaptiveBatching()),
                algorithm != Compression.NONE,
                algorithm,
                or(compression.getLevel(), d.compressionLevel()),
                bytes(compression.getMinSize(), d.minCompressionSize()),
                true,
                or(pool.getMax(), d.maxConnections()),
                or(pool.getMin(), d.minConnections()),
                duration(pool.getConnectTimeout(), d.connectionTimeout()),
                duration(pool.getIdleTimeout(), d.idleTimeout()),
                duration(pool.getMaxLifetime(), d.maxLifetime()));
    }

    private static Compression runtimeCompression(CompressionAlgorithm algorithm) {
        return switch (algorithm) {
            case ZSTD -> Compression.ZSTD;
            case GZIP -> Compression.GZIP;
            case NONE -> Compression.NONE;
        };
    }

    private static AuthenticationConfig authentication(UpstreamAuthSpec auth) {
        AuthenticationConfig d = AuthenticationConfig.defaults();
        if (auth == null || auth.getType() != UpstreamAuthType.API_KEY) {
            return auth != null && auth.getType() == UpstreamAuthType.OAUTH2
                    ? new AuthenticationConfig(true, AuthType.OAUTH2, null, null, d.apiKeyHeader())
                    : d;
        }
        String header = Optional.ofNullable(auth.getApiKey()).map(ApiKeySpec::getHeader).orElse(d.apiKeyHeader());
        return new AuthenticationConfig(true, AuthType.API_KEY, null, MountPaths.UPSTREAM_API_KEY_FILE, header);
    }

    private static OAuth2Config oauth2(UpstreamAuthSpec auth) {
        if (auth == null || auth.getType() != UpstreamAuthType.OAUTH2 || auth.getOauth2() == null) {
            return OAuth2Config.defaults();
        }
        OAuth2Spec oauth2 = auth.getOauth2();
        String scope = oauth2.getScopes() == null ? "" : String.join(" ", oauth2.getScopes());
        return new OAuth2Config(oauth2.getClientId(), null, MountPaths.OAUTH2_CLIENT_SECRET_FILE, oauth2.getTokenUrl(), scope);
    }

    private static TlsConfig tls(String endpoint, UpstreamTlsSpec tls) {
        TlsConfig d = TlsConfig.defaults();
        boolean https = endpoint != null && endpoint.toLowerCase(Locale.ROOT).startsWith("https://");
        if (tls == null) {
            return new TlsConfig(https, null, null, null, d.verifyCert(), d.verifyHostname(), d.minTlsVersion(), d.cipherSuites());
        }
        boolean clientCert = tls.getClientCertSecretRef() != null;
        boolean verify = !Boolean.TRUE.equals(tls.getInsecureSkipVerify());
        return new TlsConfig(true,
                clientCert ? MountPaths.UPSTREAM_CLIENT_CERT_FILE : null,
                clientCert ? MountPaths.UPSTREAM_CLIENT_KEY_FILE : null,
                tls.getCaSecretRef() != null ? MountPaths.UPSTREAM_CA_FILE : null,
                verify, verify,
                tls.getMinVersion() == null ? d.minTlsVersion() : tls.getMinVersion().key(),
                d.cipherSuites());
    }

    private static LoggingConfig logging(LoggingSpec logging) {
        LoggingConfig d = LoggingConfig.defaults();
        if (logging == null) {
            return d;
        }
        LoggingConfig.Level level = logging.getLevel() == null ? d.level()
                : LoggingConfig.Level.valueOf(logging.getLevel().name());
        LoggingConfig.Format format = logging.getFormat() == null ? d.format()
                : LoggingConfig.Format.valueOf(logging.getFormat().name());
        return new LoggingConfig(level, format, d.output(), d.enableStructuredLogging());
    }

    private static ReceiverConfig receiver(ReceiverSpec receiver) {
        ReceiverConfig d = ReceiverConfig.defaults();
        Optional<ReceiverSpec> spec = Optional.ofNullable(receiver);
        boolean tls = spec.map(ReceiverSpec::getTls).map(RuntimeConfigFactory::receiverTlsOn).orElse(false);
        Optional<ReceiverApiKeySpec> apiKey = spec.map(ReceiverSpec::getAuth).map(ReceiverAuthSpec::getApiKey);
        boolean keyed = apiKey.map(k -> Boolean.TRUE.equals(k.getGenerate()) || k.getSecretRef() != null).orElse(false);
        return new ReceiverConfig(
                ALL_INTERFACES,
                ExporterPorts.OTLP_GRPC,
                ExporterPorts.OTLP_HTTP,
                d.maxRequestSize(),
                tls ? MountPaths.RECEIVER_TLS_CERT_FILE : null,
                tls ? MountPaths.RECEIVER_TLS_KEY_FILE : null,
                null,
                keyed ? MountPaths.RECEIVER_API_KEY_FILE : null,
                apiKey.map(ReceiverApiKeySpec::getHeader).orElse(d.apiKeyHeader()));
    }

    /** Whether the listeners serve TLS: a generated certificate or the user's Secret. */
    public static boolean receiverTlsOn(ReceiverTlsSpec tls) {
        return Boolean.TRUE.equals(tls.getGenerate()) || tls.getSecretRef() != null;
    }

    private static QueueConfig queue(QueueConfig d, QueueSpec queue) {
        if (queue == null) {
            return d;
        }
        return new QueueConfig(or(queue.getMaxItems(), d.maxItems()), bytes(queue.getMaxBytes(), d.maxBytes()),
                d.highWaterMark(), d.drainTimeout(), duration(queue.getMaxAge(), d.maxAge()),
                persistence(queue.getPersistence(), d.persistence()));
    }

    /**
     * The volume's size less a tenth, for the file system and the segment written past the bound,
     * in whole MiB.
     */
    private static PersistenceConfig persistence(QueuePersistenceSpec persistence, PersistenceConfig d) {
        if (persistence == null) {
            return d;
        }
        long volume = bytes(persistence.getSize(), QueueVolume.DEFAULT_SIZE_BYTES);
        long mib = 1L << 20;
        long usable = volume / 10 * 9;
        return new PersistenceConfig(true, MountPaths.QUEUE_DIR, usable >= mib ? usable / mib * mib : usable,
                persistence.getSync() == QueueSync.FSYNC ? PersistenceConfig.Sync.FSYNC : PersistenceConfig.Sync.WRITE);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static Duration duration(String text, Duration fallback) {
        return text == null ? fallback : Durations.parse(text);
    }

    /** An int-or-string size: an integer is bytes, a string is read by the runtime's own {@link Sizes}. */
    static long bytes(IntOrString size, long fallback) {
        if (size == null) {
            return fallback;
        }
        return size.getIntVal() != null ? size.getIntVal() : Sizes.parse(size.getStrVal());
    }
}
