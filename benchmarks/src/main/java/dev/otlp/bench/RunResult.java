package dev.otlp.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured window. Values that do not apply to a run (the runtime's memory in a direct run)
 * are NaN.
 *
 * @param deliveredSpansPerSecond spans the sink received during the window, per second
 * @param ackedSpansPerSecond     spans acknowledged to the client during the window, per second
 * @param runtimeP99Seconds       the bucket bound of the runtime's own receive-to-acknowledge p99
 * @param cpuSeconds              the runtime process's user + system CPU time during the window
 * @param sinkBytesPerSpan        message bytes on the wire into the sink per span (compressed when compressed)
 * @param jar                     {@code current} or {@code baseline} through the runtime; null for a direct run
 * @param lostSpans               spans acknowledged to the client over the whole run that never reached the sink;
 *                                -1 for a direct run, which has no runtime to hold them
 */
record RunResult(
        String name,
        String jar,
        String queue,
        Protocol protocol,
        long lostSpans,
        double windowSeconds,
        double deliveredSpansPerSecond,
        double ackedSpansPerSecond,
        long refusedCalls,
        long failedCalls,
        double clientP50Millis,
        double clientP99Millis,
        double runtimeP99Seconds,
        double rssMaxMegabytes,
        double rssMedianMegabytes,
        double cpuSeconds,
        double sinkBytesPerSpan) {

    /** The runtime's CPU time over the window per span delivered in it, in µs. */
    double cpuMicrosPerDeliveredSpan() {
        double spans = deliveredSpansPerSecond * windowSeconds;
        return spans == 0 ? Double.NaN : cpuSeconds * 1e6 / spans;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("run", name);
        map.put("jar", jar);
        map.put("queue", queue);
        map.put("protocol", protocol == null ? null : protocol.key());
        map.put("lost_spans", lostSpans < 0 ? null : lostSpans);
        map.put("window_seconds", windowSeconds);
        map.put("delivered_spans_per_second", deliveredSpansPerSecond);
        map.put("acknowledged_spans_per_second", ackedSpansPerSecond);
        map.put("refused_calls", refusedCalls);
        map.put("failed_calls", failedCalls);
        map.put("client_p50_ms", clientP50Millis);
        map.put("client_p99_ms", clientP99Millis);
        map.put("runtime_receive_to_ack_p99_le_seconds", runtimeP99Seconds);
        map.put("runtime_rss_max_mb", rssMaxMegabytes);
        map.put("runtime_rss_median_mb", rssMedianMegabytes);
        map.put("runtime_cpu_seconds", cpuSeconds);
        map.put("runtime_cpu_us_per_delivered_span", cpuMicrosPerDeliveredSpan());
        map.put("sink_bytes_per_span", sinkBytesPerSpan);
        return map;
    }
}
