package dev.otlp.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
        return "{\n  \"setup\": " + object(setup, "  ")
                + ",\n  \"runs\": [\n" + runs.stream().map(run -> "    " + object(run.asMap(), "    "))
                .collect(Collectors.joining(",\n"))
                + "\n  ],\n  \"notes\": [" + notes.stream().map(Report::string).collect(Collectors.joining(", "))
                + "]\n}\n";
    }

    private static String object(Map<String, Object> map, String indent) {
        return map.entrySet().stream()
                .map(entry -> indent + "  " + string(entry.getKey()) + ": " + value(entry.getValue()))
                .collect(Collectors.joining(",\n", "{\n", "\n" + indent + "}"));
    }

    private static String value(Object value) {
        if (value instanceof Double number) {
            return number.isNaN() || number.isInfinite() ? "null"
                    : new BigDecimal(number).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return string(String.valueOf(value));
    }

    private static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
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
