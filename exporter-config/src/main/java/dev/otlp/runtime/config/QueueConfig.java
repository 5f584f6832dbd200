package dev.otlp.runtime.config;

import java.time.Duration;

/**
 * {@code [queue]}: the bound on data held between receiving and delivering. When either bound
 * would be exceeded the runtime refuses new data with a retryable status instead of dropping it.
 *
 * @param highWaterMark fraction of either bound above which {@code /ready} reports not ready
 * @param drainTimeout  how long shutdown waits for held data to be delivered
 */
public record QueueConfig(int maxItems, long maxBytes, double highWaterMark, Duration drainTimeout) {
}
