package dev.otlp.operator.model;

import dev.otlp.operator.api.ApiKeySpec;
import dev.otlp.operator.api.BatchingSpec;
import dev.otlp.operator.api.CompressionAlgorithm;
import dev.otlp.operator.api.CompressionSpec;
import dev.otlp.operator.api.FailoverUpstreamSpec;
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
import dev.otlp.operator.api.UpstreamConnectionSpec;
import dev.otlp.operator.api.UpstreamSpec;
import dev.otlp.operator.api.UpstreamTlsSpec;
import dev.otlp.runtime.config.ConfigProblem;
import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /**
     * A row of one upstream, {@code spec.upstream} or an entry of {@code spec.upstream.failover}: its field below the
     * upstream's, its key as the primary's, and its value from the upstream's spec and the files its Secrets are mounted at.
     */
    private record ConnectionRow(String field, String key, BiFunction<UpstreamConnectionSpec, UpstreamFiles, Optional<?>> value) {
    }

    private static final List<ConnectionRow> CONNECTION_ROWS = List.of(
            connection("endpoint", "otlp.endpoint", (u, files) -> Optional.ofNullable(u.getEndpoint())),
            connection("protocol", "otlp.protocol", (u, files) -> name(Optional.ofNullable(u.getProtocol()))),
            connection("timeout", "otlp.timeout", (u, files) -> Optional.ofNullable(u.getTimeout())),
            connection("headers", "otlp.headers", (u, files) -> Optional.ofNullable(u.getHeaders())),
            connection("auth.type", "authentication.enable_auth", auth(a -> a.getType() == null ? null : true)),
            connection("auth.type", "authentication.auth_type",
                    (u, files) -> name(Optional.ofNullable(u.getAuth()).map(UpstreamAuthSpec::getType))),
            connection("auth.apiKey.secretRef", "authentication.api_key_file", apiKey((key, files) -> files.apiKeyFile())),
            connection("auth.apiKey.header", "authentication.api_key_header", apiKey((key, files) -> key.getHeader())),
            connection("auth.oauth2.clientId", "oauth2.client_id", oauth2((o, files) -> o.getClientId())),
            connection("auth.oauth2.clientSecretRef", "oauth2.client_secret_file", oauth2((o, files) -> files.oauth2ClientSecretFile())),
            connection("auth.oauth2.tokenUrl", "oauth2.token_url", oauth2((o, files) -> o.getTokenUrl())),
            connection("auth.oauth2.scopes", "oauth2.scope",
                    oauth2((o, files) -> o.getScopes() == null ? null : String.join(" ", o.getScopes()))),
            connection("tls", "tls.enable_tls", upstreamTls((tls, files) -> true)),
            connection("tls.clientCertSecretRef", "tls.cert_file",
                    upstreamTls((tls, files) -> tls.getClientCertSecretRef() == null ? null : files.clientCertFile())),
            connection("tls.clientCertSecretRef", "tls.key_file",
                    upstreamTls((tls, files) -> tls.getClientCertSecretRef() == null ? null : files.clientKeyFile())),
            connection("tls.caSecretRef", "tls.ca_file",
                    upstreamTls((tls, files) -> tls.getCaSecretRef() == null ? null : files.caFile())),
            connection("tls.insecureSkipVerify", "tls.verify_cert", upstreamTls((tls, files) -> verify(tls))),
            connection("tls.insecureSkipVerify", "tls.verify_hostname", upstreamTls((tls, files) -> verify(tls))),
            connection("tls.minVersion", "tls.min_tls_version",
                    upstreamTls((tls, files) -> tls.getMinVersion() == null ? null : tls.getMinVersion().key())));

    private static final List<Row> ROWS = Stream.of(List.of(
            row("spec.profile", "performance.profile", spec(OtlpExporterSpec::getProfile).andThen(p -> p.map(TuningProfile::key))),
            row("metadata.name", "service.name", exporter -> Optional.ofNullable(exporter.getMetadata().getName())),
            row("metadata.namespace", "service.namespace", exporter -> Optional.ofNullable(exporter.getMetadata().getNamespace())),

            row("spec.upstream.maxExportSize", "otlp.max_export_size", upstream(UpstreamSpec::getMaxExportSize).andThen(SpecConfigTable::size)),
            row("spec.upstream.failoverAfter", "otlp.failover_after", upstream(UpstreamSpec::getFailoverAfter)),
            row("spec.upstream.failbackProbeInterval", "otlp.failback_probe_interval", upstream(UpstreamSpec::getFailbackProbeInterval)),
            row("spec.upstream.failover", "otlp.failover", SpecConfigTable::failoverTables),
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
            row("spec.queue.persistence.sync", "queue.sync", persistence(p -> p.getSync() == QueueSync.FSYNC ? "fsync" : "write"))),
            CONNECTION_ROWS.stream().map(c -> row(UpstreamFiles.PRIMARY.field() + "." + c.field(), c.key(),
                    exporter -> upstreamSpec(exporter).flatMap(upstream -> c.value().apply(upstream, UpstreamFiles.PRIMARY))))
                    .toList()).flatMap(List::stream).toList();

    private static final Map<String, String> FIELD_OF_KEY = new LinkedHashMap<>();

    static {
        ROWS.forEach(row -> FIELD_OF_KEY.putIfAbsent(row.key(), row.field()));
    }

    /** A problem of the i-th {@code [[otlp.failover]]} table: {@code otlp.failover[i].key}. */
    private static final Pattern FAILOVER_KEY = Pattern.compile("otlp\\.failover\\[(\\d+)]\\.(.+)");
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
        Matcher failoverKey = FAILOVER_KEY.matcher(problem.key());
        if (failoverKey.matches()) {
            UpstreamFiles entry = UpstreamFiles.failover(Integer.parseInt(failoverKey.group(1)));
            String key = failoverKey.group(2).contains(".") ? failoverKey.group(2) : "otlp." + failoverKey.group(2);
            Function<String, Optional<String>> fieldOfKey = k -> connectionFieldOf(entry, k).or(() -> fieldOf(k));
            return new SpecProblem(connectionFieldOf(entry, key).orElse(entry.field()), rewrite(problem.message(), fieldOfKey));
        }
        String message = rewrite(problem.message(), SpecConfigTable::fieldOf);
        return fieldOf(problem.key()).filter(field -> !field.equals(OPERATOR))
                .map(field -> new SpecProblem(field, message))
                .orElseGet(() -> new SpecProblem(OPERATOR, "runtime setting " + problem.key() + " " + message));
    }

    /** The field of {@code upstream} that sets {@code key}, e.g. {@code spec.upstream.failover[0].tls.caSecretRef}. */
    private static Optional<String> connectionFieldOf(UpstreamFiles upstream, String key) {
        return CONNECTION_ROWS.stream().filter(row -> row.key().equals(key)).findFirst()
                .map(row -> upstream.field() + "." + row.field());
    }

    private static String rewrite(String message, Function<String, Optional<String>> fieldOfKey) {
        Matcher key = KEY.matcher(RECEIVER_ADVICE.matcher(message).replaceFirst(""));
        StringBuilder rewritten = new StringBuilder();
        while (key.find()) {
            String field = fieldOfKey.apply(key.group()).filter(f -> !f.equals(OPERATOR)).orElse(key.group());
            key.appendReplacement(rewritten, Matcher.quoteReplacement(field));
        }
        return key.appendTail(rewritten).toString();
    }

    /**
     * The {@code [[otlp.failover]]} tables of {@code spec.upstream.failover}: each entry through the rows of
     * {@code spec.upstream}, with the files its own Secrets are mounted at, as a TOML table holds it.
     */
    private static Optional<?> failoverTables(OtlpExporter exporter) {
        List<FailoverUpstreamSpec> failover = upstreamSpec(exporter).map(UpstreamSpec::getFailover).orElse(List.of());
        if (failover.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> tables = new ArrayList<>();
        for (int i = 0; i < failover.size(); i++) {
            FailoverUpstreamSpec entry = Optional.ofNullable(failover.get(i)).orElseGet(FailoverUpstreamSpec::new);
            UpstreamFiles files = UpstreamFiles.failover(i);
            Map<String, Object> table = new LinkedHashMap<>();
            for (ConnectionRow row : CONNECTION_ROWS) {
                row.value().apply(entry, files).ifPresent(value -> {
                    String section = row.key().substring(0, row.key().indexOf('.'));
                    String name = row.key().substring(section.length() + 1);
                    if (section.equals("otlp")) {
                        table.put(name, value);
                    } else {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> sub = (Map<String, Object>) table.computeIfAbsent(section, s -> new LinkedHashMap<>());
                        sub.put(name, value);
                    }
                });
            }
            tables.add(table);
        }
        return Optional.of(tables);
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

    private static ConnectionRow connection(String field, String key,
                                            BiFunction<UpstreamConnectionSpec, UpstreamFiles, Optional<?>> value) {
        return new ConnectionRow(field, key, value);
    }

    private static <T> BiFunction<UpstreamConnectionSpec, UpstreamFiles, Optional<?>> auth(Function<UpstreamAuthSpec, T> field) {
        return (upstream, files) -> Optional.ofNullable(upstream.getAuth()).map(field);
    }

    /** The upstream API key's settings, only when the auth type is apiKey. */
    private static BiFunction<UpstreamConnectionSpec, UpstreamFiles, Optional<?>> apiKey(
            BiFunction<ApiKeySpec, UpstreamFiles, ?> field) {
        return (upstream, files) -> Optional.ofNullable(upstream.getAuth())
                .filter(auth -> auth.getType() == UpstreamAuthType.API_KEY)
                .map(auth -> Optional.ofNullable(auth.getApiKey()).orElseGet(ApiKeySpec::new))
                .map(key -> field.apply(key, files));
    }

    /** The OAuth2 client's settings, only when the auth type is oauth2. */
    private static BiFunction<UpstreamConnectionSpec, UpstreamFiles, Optional<?>> oauth2(
            BiFunction<OAuth2Spec, UpstreamFiles, ?> field) {
        return (upstream, files) -> Optional.ofNullable(upstream.getAuth())
                .filter(auth -> auth.getType() == UpstreamAuthType.OAUTH2)
                .map(UpstreamAuthSpec::getOauth2)
                .map(oauth2 -> field.apply(oauth2, files));
    }

    private static BiFunction<UpstreamConnectionSpec, UpstreamFiles, Optional<?>> upstreamTls(
            BiFunction<UpstreamTlsSpec, UpstreamFiles, ?> field) {
        return (upstream, files) -> Optional.ofNullable(upstream.getTls()).map(tls -> field.apply(tls, files));
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
