package dev.otlp.runtime.config;

import java.time.Duration;

/**
 * {@code [performance]}: batching, compression and the upstream connection pool. Every field
 * defaults to its {@link Profile}'s value and can be set on its own.
 *
 * @param batchSize          items (spans, data points, log records) that fill a batch
 * @param maxBatchSize       items a batch never exceeds, except a single request larger than it
 * @param minCompressionSize bytes below which a batch is sent uncompressed
 */
public record PerformanceConfig(
        Profile profile,
        boolean enableBatching,
        int batchSize,
        Duration batchTimeout,
        int maxBatchSize,
        boolean enableAdaptiveBatching,
        boolean enableCompression,
        Compression compressionAlgorithm,
        int compressionLevel,
        long minCompressionSize,
        boolean enableConnectionPool,
        int maxConnections,
        int minConnections,
        Duration connectionTimeout,
        Duration idleTimeout,
        Duration maxLifetime) {

    /** The algorithm batches are sent with: {@link Compression#NONE} when compression is off. */
    public Compression effectiveCompression() {
        return enableCompression ? compressionAlgorithm : Compression.NONE;
    }

    /** Connections actually kept: one when pooling is off. */
    public int effectiveMaxConnections() {
        return enableConnectionPool ? maxConnections : 1;
    }

    public int effectiveMinConnections() {
        return enableConnectionPool ? minConnections : 1;
    }

    /** Items per batch when batching is off: each request travels alone. */
    public int effectiveBatchSize() {
        return enableBatching ? batchSize : 1;
    }

    public enum Compression {
        ZSTD("zstd"), GZIP("gzip"), NONE("none");

        private final String key;

        Compression(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
