package dev.otlp.runtime.config;

import java.time.Duration;

/**
 * Tuning profiles: the design seed's low-latency, balanced and high-throughput tables. A profile
 * supplies the defaults of {@code [performance]} and {@code [queue]}; explicit keys override them.
 */
public enum Profile {
    LOW_LATENCY("low-latency",
            10, Duration.ofMillis(25), 50, false,
            1, 2048,
            5, 20,
            20_000, 16L << 20, 160_000),
    BALANCED("balanced",
            100, Duration.ofMillis(100), 1000, true,
            3, 1024,
            5, 20,
            100_000, 48L << 20, 518_000),
    HIGH_THROUGHPUT("high-throughput",
            500, Duration.ofMillis(200), 2000, true,
            6, 512,
            10, 50,
            500_000, 192L << 20, 272_000);

    private final String key;
    private final int batchSize;
    private final Duration batchTimeout;
    private final int maxBatchSize;
    private final boolean adaptiveBatching;
    private final int zstdLevel;
    private final long minCompressionSize;
    private final int minConnections;
    private final int maxConnections;
    private final int queueItems;
    private final long queueBytes;
    private final long exportedItemsPerSecond;

    Profile(String key, int batchSize, Duration batchTimeout, int maxBatchSize, boolean adaptiveBatching,
            int zstdLevel, long minCompressionSize, int minConnections, int maxConnections,
            int queueItems, long queueBytes, long exportedItemsPerSecond) {
        this.key = key;
        this.batchSize = batchSize;
        this.batchTimeout = batchTimeout;
        this.maxBatchSize = maxBatchSize;
        this.adaptiveBatching = adaptiveBatching;
        this.zstdLevel = zstdLevel;
        this.minCompressionSize = minCompressionSize;
        this.minConnections = minConnections;
        this.maxConnections = maxConnections;
        this.queueItems = queueItems;
        this.queueBytes = queueBytes;
        this.exportedItemsPerSecond = exportedItemsPerSecond;
    }

    /** The name used in TOML, environment variables and the OtlpExporter resource. */
    public String key() {
        return key;
    }

    public PerformanceConfig performance() {
        return new PerformanceConfig(this, true, batchSize, batchTimeout, maxBatchSize, adaptiveBatching,
                true, PerformanceConfig.Compression.ZSTD, zstdLevel, minCompressionSize,
                true, maxConnections, minConnections,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300));
    }

    public QueueConfig queue() {
        return new QueueConfig(queueItems, queueBytes, 0.9,
                DrainTime.of(this, UpstreamConfig.defaults().timeout(), queueItems, queueBytes));
    }

    /**
     * Spans per second one runtime of this profile delivered end to end, closed loop, on this project's machines
     * (docs/PERFORMANCE.md, "Exporter runtime, end to end"): what {@link DrainTime} sizes the drain from.
     */
    long exportedItemsPerSecond() {
        return exportedItemsPerSecond;
    }
}
