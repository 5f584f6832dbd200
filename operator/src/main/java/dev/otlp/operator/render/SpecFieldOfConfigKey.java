package dev.otlp.operator.render;

import dev.otlp.runtime.config.ConfigProblem;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a runtime config problem by the spec field that set the key, and rewrites the runtime's key
 * names in its message to spec fields too, so that a user reads only names they wrote.
 */
final class SpecFieldOfConfigKey {

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("otlp.endpoint", "spec.upstream.endpoint"),
            Map.entry("otlp.protocol", "spec.upstream.protocol"),
            Map.entry("otlp.timeout", "spec.upstream.timeout"),
            Map.entry("otlp.headers", "spec.upstream.headers"),
            Map.entry("otlp.retry_attempts", "spec.retry.attempts"),
            Map.entry("otlp.retry_delay", "spec.retry.initialDelay"),
            Map.entry("otlp.max_retry_delay", "spec.retry.maxDelay"),
            Map.entry("service.name", "metadata.name"),
            Map.entry("performance.batch_size", "spec.batching.size"),
            Map.entry("performance.batch_timeout", "spec.batching.timeout"),
            Map.entry("performance.max_batch_size", "spec.batching.maxSize"),
            Map.entry("performance.enable_adaptive_batching", "spec.batching.adaptive"),
            Map.entry("performance.compression_algorithm", "spec.compression.algorithm"),
            Map.entry("performance.compression_level", "spec.compression.level"),
            Map.entry("performance.min_compression_size", "spec.compression.minSize"),
            Map.entry("performance.min_connections", "spec.connectionPool.min"),
            Map.entry("performance.max_connections", "spec.connectionPool.max"),
            Map.entry("performance.connection_timeout", "spec.connectionPool.connectTimeout"),
            Map.entry("performance.idle_timeout", "spec.connectionPool.idleTimeout"),
            Map.entry("performance.max_lifetime", "spec.connectionPool.maxLifetime"),
            Map.entry("authentication.auth_type", "spec.upstream.auth.type"),
            Map.entry("authentication.api_key", "spec.upstream.auth.apiKey.secretRef"),
            Map.entry("authentication.api_key_header", "spec.upstream.auth.apiKey.header"),
            Map.entry("oauth2.client_id", "spec.upstream.auth.oauth2.clientId"),
            Map.entry("oauth2.client_secret", "spec.upstream.auth.oauth2.clientSecretRef"),
            Map.entry("oauth2.token_url", "spec.upstream.auth.oauth2.tokenUrl"),
            Map.entry("tls.enable_tls", "spec.upstream.tls"),
            Map.entry("tls.cert_file", "spec.upstream.tls.clientCertSecretRef"),
            Map.entry("tls.key_file", "spec.upstream.tls.clientCertSecretRef"),
            Map.entry("tls.ca_file", "spec.upstream.tls.caSecretRef"),
            Map.entry("tls.min_tls_version", "spec.upstream.tls.minVersion"),
            Map.entry("logging.level", "spec.logging.level"),
            Map.entry("logging.format", "spec.logging.format"),
            Map.entry("receiver.tls_cert_file", "spec.receiver.tls"),
            Map.entry("receiver.tls_key_file", "spec.receiver.tls"),
            Map.entry("receiver.api_key", "spec.receiver.auth.apiKey"),
            Map.entry("receiver.api_key_header", "spec.receiver.auth.apiKey.header"),
            Map.entry("queue.max_items", "spec.queue.maxItems"),
            Map.entry("queue.max_bytes", "spec.queue.maxBytes"),
            Map.entry("queue.max_age", "spec.queue.maxAge"),
            Map.entry("otlp.max_export_size", "spec.upstream.maxExportSize"),
            Map.entry("queue.max_disk_bytes", "spec.queue.persistence.size"),
            Map.entry("queue.sync", "spec.queue.persistence.sync"));

    /** Runtime keys as they appear in messages: a section, a dot and a key, not inside a longer name. */
    private static final Pattern KEY = Pattern.compile("(?<![\\w.])[a-z0-9]+\\.[a-z_0-9]+(?![\\w])");

    private SpecFieldOfConfigKey() {
    }

    /** Advice to move the runtime's own listener: the operator fixes the listener ports, so a user cannot follow it. */
    private static final Pattern RECEIVER_ADVICE = Pattern.compile(", or move the receiver with \\[receiver\\] \\w+$");

    /** Keys that the operator sets itself (ports, listener host, queue watermark) map to {@code spec}: a problem there is the operator's. */
    static SpecProblem toSpecProblem(ConfigProblem problem) {
        String field = FIELDS.get(problem.key());
        String message = rewrite(problem.message());
        return field != null ? new SpecProblem(field, message)
                : new SpecProblem("spec", "runtime setting " + problem.key() + " " + message);
    }

    private static String rewrite(String message) {
        Matcher key = KEY.matcher(RECEIVER_ADVICE.matcher(message).replaceFirst(""));
        StringBuilder rewritten = new StringBuilder();
        while (key.find()) {
            key.appendReplacement(rewritten, Matcher.quoteReplacement(FIELDS.getOrDefault(key.group(), key.group())));
        }
        return key.appendTail(rewritten).toString();
    }
}
