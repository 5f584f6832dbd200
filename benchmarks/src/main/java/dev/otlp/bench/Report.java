package dev.otlp.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as a markdown table (also what the console shows) and as JSON. */
final class Report {

    private static final String HEADER = "| run | delivered spans/s | acked spans/s | refused | failed | client p50 ms "
            + "| client p99 ms | runtime p99 ≤ | RSS max / median MB | CPU s (cores) | sink B/span |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

    private final Map<String, Object> setup;
    private final List<RunResult> runs;
    private final List<String> notes;

    Report(Map<String, Object> setup, List<RunResult> runs, List<String> notes) {
        this.setup = setup;
        this.runs = runs;
        this.notes = notes;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        setup.forEach((key, value) -> out.append("- ").append(key).append(": ").append(value).append('\n'));
        out.append('\n').append(HEADER);
        for (RunResult run : runs) {
            out.append("| ").append(run.name())
                    .append(" | ").append(count(run.deliveredSpansPerSecond()))
                    .append(" | ").append(count(run.ackedSpansPerSecond()))
                    .append(" | ").append(run.refusedCalls())
                    .append(" | ").append(run.failedCalls())
                    .append(" | ").append(decimal(run.clientP50Millis(), 2))
                    .append(" | ").append(decimal(run.clientP99Millis(), 2))
                    .append(" | ").append(latency(run.runtimeP99Seconds()))
                    .append(" | ").append(Double.isNaN(run.rssMaxMegabytes()) ? "–"
                            : decimal(run.rssMaxMegabytes(), 0) + " / " + decimal(run.rssMedianMegabytes(), 0))
                    .append(" | ").append(Double.isNaN(run.cpuSeconds()) ? "–"
                            : decimal(run.cpuSeconds(), 1) + " (" + decimal(run.cpuSeconds() / run.windowSeconds(), 2) + ")")
                    .append(" | ").append(decimal(run.sinkBytesPerSpan(), 1))
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("setup", setup);
        document.put("runs", runs.stream().map(RunResult::asMap).toList());
        document.put("notes", notes);
        return ResultJson.write(document);
    }




    private static String count(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String decimal(double value, int places) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + places + "f", value);
    }

    private static String latency(double seconds) {
        if (Double.isNaN(seconds)) {
            return "–";
        }
        if (Double.isInfinite(seconds)) {
            return "> 1 s";
        }
        return seconds < 1e-3 ? decimal(seconds * 1e6, 0) + " µs" : decimal(seconds * 1e3, 1) + " ms";
    }
}
