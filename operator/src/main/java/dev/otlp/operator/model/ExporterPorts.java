package dev.otlp.operator.model;

/** The ports the exporter runtime listens on in every pod the operator runs. */
public final class ExporterPorts {

    public static final int OTLP_GRPC = 4317;
    public static final int OTLP_HTTP = 4318;
    /** Prometheus {@code /metrics}. */
    public static final int METRICS = 9090;
    /** {@code /health} (liveness) and {@code /ready} (readiness). */
    public static final int HEALTH = 8080;
    /** The runtime's profiling endpoints, on the pod's loopback only. */
    public static final int PROFILING = 6060;

    private ExporterPorts() {
    }
}
