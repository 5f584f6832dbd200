package dev.otlp.runtime.otlp;

/** The three OTLP signals, with the names each transport knows them by. */
public enum Signal {
    TRACES("traces", "/v1/traces", "opentelemetry.proto.collector.trace.v1.TraceService", "spans"),
    METRICS("metrics", "/v1/metrics", "opentelemetry.proto.collector.metrics.v1.MetricsService", "data_points"),
    LOGS("logs", "/v1/logs", "opentelemetry.proto.collector.logs.v1.LogsService", "log_records");

    private final String key;
    private final String httpPath;
    private final String grpcService;
    private final String itemName;

    Signal(String key, String httpPath, String grpcService, String itemName) {
        this.key = key;
        this.httpPath = httpPath;
        this.grpcService = grpcService;
        this.itemName = itemName;
    }

    /** Lower-case name, used as the {@code signal} label of metrics. */
    public String key() {
        return key;
    }

    /** OTLP/HTTP path, e.g. {@code /v1/traces}. */
    public String httpPath() {
        return httpPath;
    }

    /** Fully qualified gRPC service; its one method is {@code Export}. */
    public String grpcService() {
        return grpcService;
    }

    public String grpcExportMethod() {
        return grpcService + "/Export";
    }

    /** What one item of this signal is called: spans, data points or log records. */
    public String itemName() {
        return itemName;
    }
}
