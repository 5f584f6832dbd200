package dev.otlp.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link EndToEnd}'s runs, one row each. */
final class RunTable implements Report.Table {

    private final List<RunResult> runs;

    RunTable(List<RunResult> runs) {
        this.runs = runs;
    }

    @Override
    public String key() {
        return "runs";
    }

    @Override
    public String markdown() {
        MarkdownTable table = new MarkdownTable().left("run").right("delivered spans/s").right("acked spans/s")
                .right("refused").right("failed").right("client p50 ms").right("client p99 ms").right("runtime p99 ≤")
                .right("RSS max / median MB").right("CPU s (cores)").right("CPU µs/span").right("sink B/span")
                .right("lost");
        for (RunResult run : runs) {
            table.row(run.name(),
                    count(run.deliveredSpansPerSecond()),
                    count(run.ackedSpansPerSecond()),
                    String.valueOf(run.refusedCalls()),
                    String.valueOf(run.failedCalls()),
                    decimal(run.clientP50Millis(), 2),
                    decimal(run.clientP99Millis(), 2),
                    latency(run.runtimeP99Seconds()),
                    Double.isNaN(run.rssMaxMegabytes()) ? "–"
                            : decimal(run.rssMaxMegabytes(), 0) + " / " + decimal(run.rssMedianMegabytes(), 0),
                    Double.isNaN(run.cpuSeconds()) ? "–"
                            : decimal(run.cpuSeconds(), 1) + " (" + decimal(run.cpuSeconds() / run.windowSeconds(), 2) + ")",
                    decimal(run.cpuMicrosPerDeliveredSpan(), 2),
                    decimal(run.sinkBytesPerSpan(), 1),
                    run.lostSpans() < 0 ? "–" : String.valueOf(run.lostSpans()));
        }
        return table.toString();
    }

    @Override
    public List<Map<String, Object>> rows() {
        return runs.stream().map(RunResult::asMap).toList();
    }

    static String count(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String decimal(double value, int places) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + places + "f", value);
    }

    static String latency(double seconds) {
        if (Double.isNaN(seconds)) {
            return "–";
        }
        if (Double.isInfinite(seconds)) {
            return "> 1 s";
        }
        return seconds < 1e-3 ? decimal(seconds * 1e6, 0) + " µs" : decimal(seconds * 1e3, 1) + " ms";
    }
}
