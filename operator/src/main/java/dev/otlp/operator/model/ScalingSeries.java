package dev.otlp.operator.model;

import dev.otlp.operator.model.Scaling.Metric;

/**
 * The runtime's series that autoscaling reads, and how: by name through the custom metrics API (prometheus-adapter
 * with the chart's rules, {@code files/prometheus-adapter-rules.yaml}), or as a PromQL query of KEDA's Prometheus
 * trigger. The runtime's {@code RuntimeMetrics} registers them under these names.
 */
public final class ScalingSeries {

    /** How full a runtime's queue is, 0 to 1: one gauge for the whole queue. */
    public static final String QUEUE_FILL_RATIO = "otlp_queue_fill_ratio";
    /** Items accepted from clients, by {@code signal}. */
    public static final String RECEIVED_ITEMS = "otlp_received_items_total";
    /** The per-second rate of {@link #RECEIVED_ITEMS} over every signal, as the adapter's rules name it. */
    public static final String RECEIVED_ITEMS_PER_SECOND = "otlp_received_items_per_second";
    /** The window of the rate: at least two scrapes at Prometheus's usual 30 s interval, and then some. */
    public static final String RATE_WINDOW = "2m";

    private ScalingSeries() {
    }

    /** The name of a custom metric in the custom metrics API, which a HorizontalPodAutoscaler's {@code Pods} metric names. */
    public static String customMetricName(Metric metric) {
        return switch (metric) {
            case QUEUE_FILL -> QUEUE_FILL_RATIO;
            case RECEIVED_ITEMS_RATE -> RECEIVED_ITEMS_PER_SECOND;
            case CPU -> throw new IllegalArgumentException("cpu is a resource metric, not a custom one");
        };
    }

    /**
     * The sum over the exporter's pods of a custom metric, which KEDA divides by the pod count (its {@code AverageValue}
     * metric type) to compare with the per-pod target. The series carry the label {@link ExporterSeries#EXPORTER_LABEL}
     * that the exporter's ServiceMonitor adds.
     */
    public static String kedaQuery(Metric metric, String namespace, String exporterName) {
        String selector = ExporterSeries.selector(namespace, exporterName);
        return switch (metric) {
            case QUEUE_FILL -> "sum(" + QUEUE_FILL_RATIO + selector + ")";
            case RECEIVED_ITEMS_RATE -> "sum(rate(" + RECEIVED_ITEMS + selector + "[" + RATE_WINDOW + "]))";
            case CPU -> throw new IllegalArgumentException("cpu is a resource metric, not a Prometheus query");
        };
    }
}
