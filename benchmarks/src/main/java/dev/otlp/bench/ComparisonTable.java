package dev.otlp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link EndToEnd}'s runs through the runtime, per queue and protocol: the median of each jar's runs and, with a
 * baseline jar, the ratio current / baseline.
 */
final class ComparisonTable implements Report.Table {

    private final List<RunResult> runs;

    ComparisonTable(List<RunResult> runs) {
        this.runs = runs;
    }

    /** The medians of the runs of {@code jar} with {@code queue} and {@code protocol}; null when there are none. */
    static RunMedians medians(List<RunResult> runs, String jar, String queue, Protocol protocol) {
        List<RunResult> matching = runs.stream().filter(run -> Objects.equals(run.jar(), jar)
                && run.queue().equals(queue) && run.protocol() == protocol).toList();
        return matching.isEmpty() ? null : RunMedians.of(matching);
    }

    @Override
    public String key() {
        return "medians";
    }

    @Override
    public String markdown() {
        MarkdownTable table = new MarkdownTable().left("queue, protocol").left("jar").right("delivered spans/s")
                .right("CPU µs/span").right("RSS max / median MB").right("runtime p99 ≤").right("client p50 ms")
                .right("client p99 ms");
        for (Row row : rows(runs)) {
            RunMedians m = row.figures();
            boolean ratio = row.jar().contains("/");
            table.row(row.group(), row.jar() + (ratio ? "" : " (median of " + m.runs() + ")"),
                    ratio ? RunTable.decimal(m.deliveredSpansPerSecond(), 2) : RunTable.count(m.deliveredSpansPerSecond()),
                    RunTable.decimal(m.cpuMicrosPerSpan(), 2),
                    RunTable.decimal(m.rssMaxMegabytes(), ratio ? 2 : 0) + " / "
                            + RunTable.decimal(m.rssMedianMegabytes(), ratio ? 2 : 0),
                    ratio ? RunTable.decimal(m.runtimeP99Seconds(), 2) : RunTable.latency(m.runtimeP99Seconds()),
                    RunTable.decimal(m.clientP50Millis(), 2),
                    RunTable.decimal(m.clientP99Millis(), 2));
        }
        return "Medians per jar" + (runs.stream().anyMatch(run -> BenchOptions.BASELINE.equals(run.jar()))
                ? " and ratios current / baseline (below 1: current is faster or smaller, except delivered spans/s)" : "")
                + ":\n\n" + table;
    }

    @Override
    public List<Map<String, Object>> rows() {
        return rows(runs).stream().map(row -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("group", row.group());
            map.put("jar", row.jar());
            map.putAll(row.figures().asMap());
            return map;
        }).toList();
    }

    private record Row(String group, String jar, RunMedians figures) {
    }

    private record Group(String queue, Protocol protocol) {
    }

    private static List<Row> rows(List<RunResult> runs) {
        List<Row> rows = new ArrayList<>();
        runs.stream().filter(run -> run.jar() != null).map(run -> new Group(run.queue(), run.protocol())).distinct()
                .forEach(group -> {
                    String queue = group.queue();
                    Protocol protocol = group.protocol();
                    String name = queue + " queue, " + protocol.key();
                    RunMedians current = medians(runs, BenchOptions.CURRENT, queue, protocol);
                    RunMedians baseline = medians(runs, BenchOptions.BASELINE, queue, protocol);
                    if (current != null) {
                        rows.add(new Row(name, BenchOptions.CURRENT, current));
                    }
                    if (baseline != null) {
                        rows.add(new Row(name, BenchOptions.BASELINE, baseline));
                    }
                    if (current != null && baseline != null) {
                        rows.add(new Row(name, BenchOptions.CURRENT + " / " + BenchOptions.BASELINE,
                                current.over(baseline)));
                    }
                });
        return rows;
    }
}
