package dev.otlp.operator.model;

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
import dev.otlp.operator.api.TlsVersion;
import dev.otlp.operator.api.TuningProfile;
import dev.otlp.operator.api.UpstreamAuthSpec;
import dev.otlp.operator.api.UpstreamAuthType;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.operator.api.UpstreamTlsSpec;
import dev.otlp.runtime.config.ConfigProblem;
import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one mapping between an OtlpExporter and the runtime's configuration keys. Each row names the
 * field a user writes, the key it sets, and how to read the value from the resource (as a TOML
 * document would hold it; absent where the resource leaves the key to its profile's default). The
 * rows build the configuration ({@link #settings}) and name a configuration problem by the field
 * that caused it ({@link #specProblem}).
 *
 * <p>Credentials appear only as the files of {@link MountPaths}, never as values, so the
 * configuration can go into a ConfigMap. Rows whose field is {@code spec} are settings the operator
 * fixes (listener ports, hosts): a problem there is the operator's, not the user's. A sidecar's
 * receivers listen on the pod's loopback only, and its metrics and health ports keep clear of the
 * ports applications commonly use.
 */
public final class SpecConfigTable {

    /** The field of the keys the operator sets itself. */
    private static final String OPERATOR = "spec";
    private static final String ALL_INTERFACES = "0.0.0.0";
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * @param field the spec field, as a user writes it in problems
     * @param key   the runtime's configuration key, {@code section.name}
     * @param value the value for this resource, empty to leave the key to the profile
     */
    record Row(String field, String key, Function<OtlpExporter, ? extends Optional<?>> value) {
    }

    private static final List<Row> ROWS = List.of(
            row("spec.profile", "performance.profile", spec(OtlpExporterSpec::getProfile).andThen(p -> p.map(TuningProfile::key))),
            row("metadata.name", "service.name", exporter -> Optional.ofNullable(exporter.getMetadata().getName())),
            row("metadata.namespace", "service.namespace", exporter -> Optional.ofNullable(exporter.getMetadata().getNamespace())),

            row("spec.upstream.endpoint", "otlp.endpoint", upstream(UpstreamSpec::getEndpoint)),
            row("spec.upstream.protocol", "otlp.protocol", upstream(UpstreamSpec::getProtocol).andThen(SpecConfigTable::name)),
            row("spec.upstream.timeout", "otlp.timeout", upstream(UpstreamSpec::getTimeout)),
            row("spec.upstream.headers", "otlp.headers", upstream(UpstreamSpec::getHeaders)),
            row("spec.upstream.maxExportSize", "otlp.max_export_size", upstream(UpstreamSpec::getMaxExportSize).andThen(SpecConfigTable::size)),
            row("spec.retry.attempts", "otlp.retry_attempts", retry(RetrySpec::getAttempts)),
            row("spec.retry.initialDelay", "otlp.retry_delay", retry(RetrySpec::getInitialDelay)),
            row("spec.retry.maxDelay", "otlp.max_retry_delay", retry(RetrySpec::getMaxDelay)),

            row(OPERATOR, "performance.enable_batching", always(true)),
            row("spec.batching.size", "performance.batch_size", batching(BatchingSpec::getSize)),
            row("spec.batching.timeout", "performance.batch_timeout", batching(BatchingSpec::getTimeout)),
            row("spec.batching.maxSize", "performance.max_batch_size", batching(BatchingSpec::getMaxSize)),
            row("spec.batching.adaptive", "performance.enable_adaptive_batching", batching(BatchingSpec::getAdaptive)),
            row("spec.compression.algorithm", "performance.enable_compression",
                    compression(CompressionSpec::getAlgorithm).andThen(a -> a.map(algorithm -> algorithm != CompressionAlgorithm.NONE))),
            row("spec.compression.algorithm", "performance.compression_algorithm",
                    compression(CompressionSpec::getAlgorithm).andThen(SpecConfigTable::name)),
            row("spec.compression.level", "performance.compression_level", compression(CompressionSpec::getLevel)),
            row("spec.compression.minSize", "performance.min_compression_size",
                    compression(CompressionSpec::getMinSize).andThen(SpecConfigTable::size)),
            row(OPERATOR, "performance.enable_connection_pool", always(true)),
            row("spec.connectionPool.max", "performance.max_connections", pool(ConnectionPoolSpec::getMax)),
            row("spec.connectionPool.min", "performance.min_connections", pool(ConnectionPoolSpec::getMin)),
            row("spec.connectionPool.connectTimeout", "performance.connection_timeout", pool(ConnectionPoolSpec::getConnectTimeout)),
            row("spec.connectionPool.idleTimeout", "performance.idle_timeout", pool(ConnectionPoolSpec::getIdleTimeout)),
            row("spec.connectionPool.maxLifetime", "performance.max_lifetime", pool(ConnectionPoolSpec::getMaxLifetime)),

            row("spec.upstream.auth.type", "authentication.enable_auth", auth(a -> a.getType() == null ? null : true)),
            row("spec.upstream.auth.type", "authentication.auth_type", auth(UpstreamAuthSpec::getType).andThen(SpecConfigTable::name)),
            row("spec.upstream.auth.apiKey.secretRef", "authentication.api_key_file",
                    apiKey(key -> MountPaths.UPSTREAM_API_KEY_FILE)),
            row("spec.upstream.auth.apiKey.header", "authentication.api_key_header", apiKey(ApiKeySpec::getHeader)),
            row("spec.upstream.auth.oauth2.clientId", "oauth2.client_id", oauth2(OAuth2Spec::getClientId)),
            row("spec.upstream.auth.oauth2.clientSecretRef", "oauth2.client_secret_file",
                    oauth2(o -> MountPaths.OAUTH2_CLIENT_SECRET_FILE)),
            row("spec.upstream.auth.oauth2.tokenUrl", "oauth2.token_url", oauth2(OAuth2Spec::getTokenUrl)),
            row("spec.upstream.auth.oauth2.scopes", "oauth2.scope",
                    oauth2(o -> o.getScopes() == null ? null : String.join(" ", o.getScopes()))),

            row("spec.upstream.tls", "tls.enable_tls", upstreamTls(tls -> true)),
            row("spec.upstream.tls.clientCertSecretRef", "tls.cert_file",
                    upstreamTls(tls -> tls.getClientCertSecretRef() == null ? null : MountPaths.UPSTREAM_CLIENT_CERT_FILE)),
            row("spec.upstream.tls.clientCertSecretRef", "tls.key_file",
                    upstreamTls(tls -> tls.getClientCertSecretRef() == null ? null : MountPaths.UPSTREAM_CLIENT_KEY_FILE)),
            row("spec.upstream.tls.caSecretRef", "tls.ca_file",
                    upstreamTls(tls -> tls.getCaSecretRef() == null ? null : MountPaths.UPSTREAM_CA_FILE)),
            row("spec.upstream.tls.insecureSkipVerify", "tls.verify_cert", upstreamTls(SpecConfigTable::verify)),
            row("spec.upstream.tls.insecureSkipVerify", "tls.verify_hostname", upstreamTls(SpecConfigTable::verify)),
            row("spec.upstream.tls.minVersion", "tls.min_tls_version",
                    upstreamTls(UpstreamTlsSpec::getMinVersion).andThen(v -> v.map(TlsVersion::key))),

            row(OPERATOR, "monitoring.enable_metrics", always(true)),
            row(OPERATOR, "monitoring.metrics_port", byPlacement(ExporterPorts.METRICS, ExporterPorts.SIDECAR_METRICS)),
            row(OPERATOR, "monitoring.enable_health_check", always(true)),
            row(OPERATOR, "monitoring.health_check_port", byPlacement(ExporterPorts.HEALTH, ExporterPorts.SIDECAR_HEALTH)),
            row("spec.profiling.enabled", "monitoring.enable_profiling",
                    spec(OtlpExporterSpec::getProfiling).andThen(p -> Optional.of(p.map(ProfilingSpec::getEnabled).orElse(false)))),
            row(OPERATOR, "monitoring.profiling_port", always(ExporterPorts.PROFILING)),
            row(OPERATOR, "monitoring.host", always(ALL_INTERFACES)),
            row(OPERATOR, "monitoring.profiling_host", always(LOOPBACK)),

            row("spec.logging.level", "logging.level", logging(LoggingSpec::getLevel).andThen(SpecConfigTable::name)),
            row("spec.logging.format", "logging.format", logging(LoggingSpec::getFormat).andThen(SpecConfigTable::name)),

            row(OPERATOR, "receiver.host", byPlacement(ALL_INTERFACES, LOOPBACK)),
            row(OPERATOR, "receiver.grpc_port", always(ExporterPorts.OTLP_GRPC)),
            row(OPERATOR, "receiver.http_port", always(ExporterPorts.OTLP_HTTP)),
            row("spec.receiver.tls", "receiver.tls_cert_file", receiverTls(tls -> MountPaths.RECEIVER_TLS_CERT_FILE)),
            row("spec.receiver.tls", "receiver.tls_key_file", receiverTls(tls -> MountPaths.RECEIVER_TLS_KEY_FILE)),
            row("spec.receiver.auth.apiKey", "receiver.api_key_file", receiverApiKey(key -> MountPaths.RECEIVER_API_KEY_FILE)),
            row("spec.receiver.auth.apiKey", "receiver.api_key_previous_file",
                    receiverApiKey(key -> MountPaths.RECEIVER_API_KEY_PREVIOUS_FILE)),
            row("spec.receiver.auth.apiKey.header", "receiver.api_key_header", receiverApiKey(ReceiverApiKeySpec::getHeader)),

            row("spec.shutdownDelay", "queue.shutdown_delay", SpecConfigTable::shutdownDelay),
            row("spec.queue.maxItems", "queue.max_items", queue(QueueSpec::getMaxItems)),
            row("spec.queue.maxBytes", "queue.max_bytes", queue(QueueSpec::getMaxBytes).andThen(SpecConfigTable::size)),
            row("spec.queue.maxAge", "queue.max_age", queue(QueueSpec::getMaxAge)),
            row("spec.queue.drainTimeout", "queue.drain_timeout", queue(QueueSpec::getDrainTimeout)),
            row("spec.queue.persistence", "queue.persistent", persistence(p -> true)),
            row("spec.queue.persistence", "queue.directory", persistence(p -> MountPaths.QUEUE_DIR)),
            row("spec.queue.persistence.size", "queue.max_disk_bytes", persistence(SpecConfigTable::usableBytes)),
            row("spec.queue.persistence.sync", "queue.sync", persistence(p -> p.getSync() == QueueSync.FSYNC ? "fsync" : "write")));

    private static final Map<String, String> FIELD_OF_KEY = new LinkedHashMap<>();

    static {
        ROWS.forEach(row -> FIELD_OF_KEY.putIfAbsent(row.key(), row.field()));
    }

    /** Runtime keys as they appear in messages: a section, a dot and a key, not inside a longer name. */
    private static final Pattern KEY = Pattern.compile("(?<![\\w.])[a-z0-9]+\\.[a-z_0-9]+(?![\\w])");
    /** Advice to move the runtime's own listener: the operator fixes the listener ports, so a user cannot follow it. */
    private static final Pattern RECEIVER_ADVICE = Pattern.compile(", or move the receiver with \\[receiver\\] \\w+$");

    private SpecConfigTable() {
    }

    /** The settings this resource makes, by key, in the table's order. */
    public static Map<String, Object> settings(OtlpExporter exporter) {
        Map<String, Object> settings = new LinkedHashMap<>();
        ROWS.forEach(row -> row.value().apply(exporter).ifPresent(value -> settings.put(row.key(), value)));
        return settings;
    }

    /** The spec fields this resource sets that reach the configuration. */
    public static Set<String> fieldsSet(OtlpExporter exporter) {
        return ROWS.stream().filter(row -> !row.field().equals(OPERATOR) && row.value().apply(exporter).isPresent())
                .map(Row::field).collect(Collectors.toSet());
    }

    static List<Row> rows() {
        return ROWS;
    }

    /** The spec field that sets a key, or empty for a key the resource cannot set. */
    static Optional<String> fieldOf(String key) {
        return Optional.ofNullable(FIELD_OF_KEY.get(key));
    }

    /** A runtime configuration problem, named by the field that caused it and worded in spec fields. */
    public static SpecProblem specProblem(ConfigProblem problem) {
        String message = rewrite(problem.message());
        return fieldOf(problem.key()).filter(field -> !field.equals(OPERATOR))
                .map(field -> new SpecProblem(field, message))
                .orElseGet(() -> new SpecProblem(OPERATOR, "runtime setting " + problem.key() + " " + message));
    }

    private static String rewrite(String message) {
        Matcher key = KEY.matcher(RECEIVER_ADVICE.matcher(message).replaceFirst(""));
        StringBuilder rewritten = new StringBuilder();
        while (key.find()) {
            String field = fieldOf(key.group()).filter(f -> !f.equals(OPERATOR)).orElse(key.group());
            key.appendReplacement(rewritten, Matcher.quoteReplacement(field));
        }
        return key.appendTail(rewritten).toString();
    }

    private static Row row(String field, String key, Function<OtlpExporter, ? extends Optional<?>> value) {
        return new Row(field, key, value);
    }

    private static Function<OtlpExporter, Optional<Object>> always(Object value) {
        return exporter -> Optional.of(value);
    }

    /**
     * {@code spec.shutdownDelay}; a sidecar's default is 0: its clients send to localhost, no Service needs time
     * to stop sending, and the kubelet stops a native sidecar only after the application's containers have exited.
     */
    private static Optional<?> shutdownDelay(OtlpExporter exporter) {
        Optional<String> set = spec(OtlpExporterSpec::getShutdownDelay).apply(exporter);
        return WorkloadKind.of(exporter).ownPods() || set.isPresent() ? set : Optional.of("0s");
    }

    /** One value in the exporter's own pods, another as a sidecar, which shares its pod with an application. */
    private static Function<OtlpExporter, Optional<Object>> byPlacement(Object ownPods, Object sidecar) {
        return exporter -> Optional.of(WorkloadKind.of(exporter).ownPods() ? ownPods : sidecar);
    }

    private static <T> Function<OtlpExporter, Optional<T>> spec(Function<OtlpExporterSpec, T> field) {
        return exporter -> Optional.ofNullable(exporter.getSpec()).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> upstream(Function<UpstreamSpec, T> field) {
        return exporter -> upstreamSpec(exporter).map(field);
    }

    private static Optional<UpstreamSpec> upstreamSpec(OtlpExporter exporter) {
        return Optional.ofNullable(exporter.getSpec()).map(OtlpExporterSpec::getUpstream);
    }

    private static <T> Function<OtlpExporter, Optional<T>> retry(Function<RetrySpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getRetry).apply(exporter).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> batching(Function<BatchingSpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getBatching).apply(exporter).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> compression(Function<CompressionSpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getCompression).apply(exporter).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> pool(Function<ConnectionPoolSpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getConnectionPool).apply(exporter).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> logging(Function<LoggingSpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getLogging).apply(exporter).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> queue(Function<QueueSpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getQueue).apply(exporter).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> persistence(Function<QueuePersistenceSpec, T> field) {
        return exporter -> QueueStorage.persistence(exporter).map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> auth(Function<UpstreamAuthSpec, T> field) {
        return exporter -> upstreamSpec(exporter).map(UpstreamSpec::getAuth).map(field);
    }

    /** The upstream API key's settings, only when the auth type is apiKey. */
    private static <T> Function<OtlpExporter, Optional<T>> apiKey(Function<ApiKeySpec, T> field) {
        return exporter -> upstreamSpec(exporter).map(UpstreamSpec::getAuth)
                .filter(auth -> auth.getType() == UpstreamAuthType.API_KEY)
                .map(auth -> Optional.ofNullable(auth.getApiKey()).orElseGet(ApiKeySpec::new))
                .map(field);
    }

    /** The OAuth2 client's settings, only when the auth type is oauth2. */
    private static <T> Function<OtlpExporter, Optional<T>> oauth2(Function<OAuth2Spec, T> field) {
        return exporter -> upstreamSpec(exporter).map(UpstreamSpec::getAuth)
                .filter(auth -> auth.getType() == UpstreamAuthType.OAUTH2)
                .map(UpstreamAuthSpec::getOauth2)
                .map(field);
    }

    private static <T> Function<OtlpExporter, Optional<T>> upstreamTls(Function<UpstreamTlsSpec, T> field) {
        return exporter -> upstreamSpec(exporter).map(UpstreamSpec::getTls).map(field);
    }

    /** The receiver's TLS files, when it serves TLS: a generated certificate or the user's Secret. */
    private static <T> Function<OtlpExporter, Optional<T>> receiverTls(Function<ReceiverTlsSpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getReceiver).apply(exporter).map(ReceiverSpec::getTls)
                .filter(ExporterFeatures::servesTls)
                .map(field);
    }

    /** The receiver's API key settings, when it asks for one: generated or the user's Secret. */
    private static <T> Function<OtlpExporter, Optional<T>> receiverApiKey(Function<ReceiverApiKeySpec, T> field) {
        return exporter -> spec(OtlpExporterSpec::getReceiver).apply(exporter).map(ReceiverSpec::getAuth)
                .map(ReceiverAuthSpec::getApiKey)
                .filter(key -> Boolean.TRUE.equals(key.getGenerate()) || key.getSecretRef() != null)
                .map(field);
    }

    /** What the runtime may write to the queue's volume; a size that cannot be read is passed on for the runtime to name. */
    private static Object usableBytes(QueuePersistenceSpec persistence) {
        try {
            return QueueStorage.usableBytes(persistence);
        } catch (IllegalArgumentException unreadable) {
            return persistence.getSize().getStrVal();
        }
    }

    /** Certificate and host name checks stay on unless the spec turns them off. */
    private static Boolean verify(UpstreamTlsSpec tls) {
        return Boolean.TRUE.equals(tls.getInsecureSkipVerify()) ? false : null;
    }

    /** An enum constant by its name, which the runtime reads whatever its case and separators. */
    private static Optional<String> name(Optional<? extends Enum<?>> constant) {
        return constant.map(Enum::name);
    }

    /** An int-or-string size as TOML holds one: a number of bytes, or a string such as 16MiB. */
    private static Optional<Object> size(Optional<?> size) {
        return size.map(IntOrString.class::cast)
                .map(value -> value.getIntVal() != null ? (Object) value.getIntVal() : value.getStrVal());
    }
}
