package dev.otlp.runtime.config;

import java.time.Duration;

/**
 * The default {@code [queue] drain_timeout}: the time a full queue takes to reach the upstream, so that a pod that
 * is scaled down or replaced delivers what it holds before it exits. The operator adds the shutdown delay and a
 * margin to it for the pods' {@code terminationGracePeriodSeconds}, so the runtime's drain ends before the kubelet's
 * SIGKILL.
 *
 * <pre>
 * drain_timeout = clamp(otlp.timeout + SLOWDOWN × max(max_items / items_per_s, bytes / bytes_per_s), MIN, MAX)
 * </pre>
 *
 * {@code bytes} is {@code max_bytes} in memory and {@code max_disk_bytes} on disk; the rates are the profile's
 * export rate measured end to end (docs/PERFORMANCE.md), at {@link #BYTES_PER_ITEM} per span. An operator without
 * a metrics pipeline cannot measure a pod's rate before it needs the grace period (which is fixed in the pod
 * template): the measured rate, slowed down {@link #SLOWDOWN} times for a remote upstream and a CPU-limited pod,
 * stands in for it. One {@code otlp.timeout} more lets an export that was in flight at SIGTERM end.
 */
public final class DrainTime {

    /** Never shorter than the drain every runtime had before it was sized from the queue. */
    static final Duration MIN = Duration.ofSeconds(20);
    /**
     * A pod that takes longer to stop holds node drains and rollouts back. A persistent queue keeps what is left
     * for the next start; a memory queue this large should persist, or set {@code drain_timeout}.
     */
    static final Duration MAX = Duration.ofMinutes(5);
    /** The measured rates are a local sink's on two cores; a pod talks to a remote upstream with less CPU. */
    static final int SLOWDOWN = 10;
    /** Bytes per span of the benchmark's requests (Kubernetes resource attributes, ten HTTP attributes). */
    static final long BYTES_PER_ITEM = 449;

    private DrainTime() {
    }

    /**
     * @param profile       whose measured export rate applies
     * @param exportTimeout {@code otlp.timeout}
     * @param maxItems      {@code max_items}, {@link QueueConfig#UNBOUNDED_ITEMS} when the disk budget is the bound
     * @param maxBytes      the bytes the queue may hold: {@code max_bytes}, or {@code max_disk_bytes} when persistent
     */
    public static Duration of(Profile profile, Duration exportTimeout, int maxItems, long maxBytes) {
        double itemsPerSecond = profile.exportedItemsPerSecond() / (double) SLOWDOWN;
        double seconds = (double) maxBytes / (itemsPerSecond * BYTES_PER_ITEM);
        if (maxItems != QueueConfig.UNBOUNDED_ITEMS) {
            seconds = Math.max(seconds, maxItems / itemsPerSecond);
        }
        Duration drain = exportTimeout.plusSeconds((long) Math.ceil(seconds));
        return drain.compareTo(MIN) < 0 ? MIN : drain.compareTo(MAX) > 0 ? MAX : drain;
    }
}
