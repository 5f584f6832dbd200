package dev.otlp.operator.model;

/** The ports the exporter runtime listens on in the pods the operator runs or injects it into. */
public final class ExporterPorts {

    public static final int OTLP_GRPC = 4317;
    public static final int OTLP_HTTP = 4318;
    /** Prometheus {@code /metrics}. */
    public static final int METRICS = 9090;
    /** {@code /health} (liveness) and {@code /ready} (readiness). */
    public static final int HEALTH = 8080;
    /**
     * Mode sidecar: {@code /metrics} and {@code /health} move off 9090 and 8080, which applications
     * often use themselves, to the OpenTelemetry Collector's own telemetry and health-check ports.
     */
    public static final int SIDECAR_METRICS = 8888;
    public static final int SIDECAR_HEALTH = 13133;
    /** The runtime's profiling endpoints, on the pod's loopback only. */
    public static final int PROFILING = 6060;

    private ExporterPorts() {
    }
}
