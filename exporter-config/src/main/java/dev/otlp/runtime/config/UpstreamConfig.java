package dev.otlp.runtime.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code [otlp]}: where batches go and how hard to try.
 *
 * @param endpoint      the collector's URL, or {@value #DEBUG_ENDPOINT} to print a one-line summary per batch instead of sending
 * @param headers       extra request headers sent upstream with every export
 * @param maxExportSize the largest export the upstream takes, in uncompressed protobuf bytes; batches are cut below it
 */
public record UpstreamConfig(
        String endpoint,
        Protocol protocol,
        Duration timeout,
        int retryAttempts,
        Duration retryDelay,
        Duration maxRetryDelay,
        Map<String, String> headers,
        long maxExportSize) {

    public static final String DEBUG_ENDPOINT = "debug";
    /** The OpenTelemetry Collector's default limit on a received gRPC message. */
    public static final long DEFAULT_MAX_EXPORT_SIZE = 4L << 20;

    public UpstreamConfig {
        headers = Map.copyOf(headers);
    }

    public UpstreamConfig(String endpoint, Protocol protocol, Duration timeout, int retryAttempts, Duration retryDelay,
                          Duration maxRetryDelay, Map<String, String> headers) {
        this(endpoint, protocol, timeout, retryAttempts, retryDelay, maxRetryDelay, headers, DEFAULT_MAX_EXPORT_SIZE);
    }

    public static UpstreamConfig defaults() {
        return new UpstreamConfig(DEBUG_ENDPOINT, Protocol.GRPC, Duration.ofSeconds(30), 3,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Map.of());
    }

    /** Shows header names only, and the endpoint without user info: both often carry credentials. */
    @Override
    public String toString() {
        return "UpstreamConfig[endpoint=" + displayEndpoint() + ", protocol=" + protocol + ", timeout=" + timeout
                + ", retryAttempts=" + retryAttempts + ", retryDelay=" + retryDelay + ", maxRetryDelay=" + maxRetryDelay
                + ", headers=" + new TreeSet<>(headers.keySet()) + ", maxExportSize=" + maxExportSize + "]";
    }

    /** The endpoint as it may be shown: without any {@code user:password@}. */
    public String displayEndpoint() {
        return HttpUrl.redacted(endpoint);
    }

    public boolean isDebug() {
        return DEBUG_ENDPOINT.equals(endpoint);
    }

    public enum Protocol {
        GRPC("grpc"), HTTP("http");

        private final String key;

        Protocol(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
