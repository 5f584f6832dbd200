package dev.otlp.bench.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What the forked operator tells about itself: its JOSDK meters (summed over tags) and its heap in use. */
record OperatorStats(Map<String, Double> values) {

    static final String PREFIX = "fleetscale-operator-stats ";
    static final String HEAP_USED = "jvm.heap.used.bytes";
    static final String RECONCILE_TIMER = "operator.sdk.controllers.execution.reconcile";
    static final String P99 = ".p99";
    private static final String STARTED = "operator.sdk.reconciliations.started";
    private static final String FAILED = "operator.sdk.reconciliations.failed";
    private static final String QUEUE = "operator.sdk.reconciliations.queue.size.otlpexporter";
    private static final String EXECUTING = "operator.sdk.reconciliations.executions.otlpexporter";

    static String encode(Map<String, Double> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static OperatorStats decode(String line) {
        Map<String, Double> values = new TreeMap<>();
        Arrays.stream(line.substring(PREFIX.length()).split(" "))
                .filter(pair -> pair.contains("="))
                .forEach(pair -> values.put(pair.substring(0, pair.indexOf('=')),
                        Double.parseDouble(pair.substring(pair.indexOf('=') + 1))));
        return new OperatorStats(values);
    }

    long reconciliationsStarted() {
        return (long) value(STARTED);
    }

    long reconciliationsFailed() {
        return (long) value(FAILED);
    }

    long queued() {
        return (long) value(QUEUE);
    }

    long executing() {
        return (long) value(EXECUTING);
    }

    /** The 99th percentile of the reconciliations that ended in the last minute or two, in seconds. */
    double reconcileP99Seconds() {
        return value(RECONCILE_TIMER + P99);
    }

    double heapUsedMegabytes() {
        return value(HEAP_USED) / (1024 * 1024);
    }

    private double value(String name) {
        return values.getOrDefault(name, Double.NaN);
    }
}
