package dev.otlp.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures compared between two runtime jars: the medians of one jar's runs, or the ratios of one jar's
 * medians to another's.
 */
record RunMedians(
        int runs,
        double deliveredSpansPerSecond,
        double cpuMicrosPerSpan,
        double rssMaxMegabytes,
        double rssMedianMegabytes,
        double runtimeP99Seconds,
        double clientP50Millis,
        double clientP99Millis) {

    /** The medians of {@code runs}; the runtime p99 is a median bucket bound ({@link Medians#medianBound}). */
    static RunMedians of(List<RunResult> runs) {
        return new RunMedians(runs.size(),
                Medians.median(runs, RunResult::deliveredSpansPerSecond),
                Medians.median(runs, RunResult::cpuMicrosPerDeliveredSpan),
                Medians.median(runs, RunResult::rssMaxMegabytes),
                Medians.median(runs, RunResult::rssMedianMegabytes),
                Medians.medianBound(runs, RunResult::runtimeP99Seconds),
                Medians.median(runs, RunResult::clientP50Millis),
                Medians.median(runs, RunResult::clientP99Millis));
    }

    /** Each figure of this divided by the same figure of {@code baseline}. */
    RunMedians over(RunMedians baseline) {
        return new RunMedians(runs,
                Medians.ratio(deliveredSpansPerSecond, baseline.deliveredSpansPerSecond),
                Medians.ratio(cpuMicrosPerSpan, baseline.cpuMicrosPerSpan),
                Medians.ratio(rssMaxMegabytes, baseline.rssMaxMegabytes),
                Medians.ratio(rssMedianMegabytes, baseline.rssMedianMegabytes),
                Medians.ratio(runtimeP99Seconds, baseline.runtimeP99Seconds),
                Medians.ratio(clientP50Millis, baseline.clientP50Millis),
                Medians.ratio(clientP99Millis, baseline.clientP99Millis));
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runs", runs);
        map.put("delivered_spans_per_second", deliveredSpansPerSecond);
        map.put("runtime_cpu_us_per_delivered_span", cpuMicrosPerSpan);
        map.put("runtime_rss_max_mb", rssMaxMegabytes);
        map.put("runtime_rss_median_mb", rssMedianMegabytes);
        map.put("runtime_receive_to_ack_p99_le_seconds", runtimeP99Seconds);
        map.put("client_p50_ms", clientP50Millis);
        map.put("client_p99_ms", clientP99Millis);
        return map;
    }
}
