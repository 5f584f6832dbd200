package dev.otlp.runtime.config;

import java.time.Duration;

/**
 * {@code [queue]}: what the runtime holds between acknowledging data and delivering it. When a
 * bound would be exceeded the runtime refuses new data with a retryable status instead of dropping
 * it.
 *
 * @param highWaterMark fraction of either bound above which {@code /ready} reports not ready
 * @param shutdownDelay how long, after SIGTERM, the runtime stays unready but keeps taking data, the time
 *                      the pod's endpoints take to leave the Service, before it refuses new data
 * @param drainTimeout  how long shutdown waits for held data to be delivered
 * @param maxAge        how long a batch the upstream keeps refusing with a retryable status is held
 *                      before it is dropped as expired; zero holds it for as long as it takes
 * @param persistence   whether acknowledged data is kept on disk, and where
 */
public record QueueConfig(int maxItems, long maxBytes, double highWaterMark, Duration shutdownDelay,
                          Duration drainTimeout, Duration maxAge, PersistenceConfig persistence) {

    /**
     * {@code max_items} of a persistent queue unless set explicitly: no item limit, so that its
     * disk budget ({@code max_disk_bytes}) is what refuses data.
     */
    public static final int UNBOUNDED_ITEMS = Integer.MAX_VALUE;

    /** {@code shutdown_delay} unless set: a little more than kube-proxy and the endpoints controller usually take. */
    public static final Duration DEFAULT_SHUTDOWN_DELAY = Duration.ofSeconds(5);

    /** A memory queue that holds data for as long as it takes. */
    public QueueConfig(int maxItems, long maxBytes, double highWaterMark, Duration drainTimeout) {
        this(maxItems, maxBytes, highWaterMark, DEFAULT_SHUTDOWN_DELAY, drainTimeout, Duration.ZERO, PersistenceConfig.off());
    }

    public boolean expires() {
        return maxAge.compareTo(Duration.ZERO) > 0;
    }
}
