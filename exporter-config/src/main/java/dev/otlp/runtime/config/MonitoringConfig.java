package dev.otlp.runtime.config;

/**
 * {@code [monitoring]}: Prometheus {@code /metrics} and the {@code /health} and {@code /ready} probes
 * on {@code host}, and, when enabled, the profiling endpoints on {@code profilingHost} (loopback by
 * default: reachable through {@code kubectl port-forward}, not from the network).
 */
public record MonitoringConfig(
        boolean enableMetrics,
        int metricsPort,
        boolean enableHealthCheck,
        int healthCheckPort,
        boolean enableProfiling,
        int profilingPort,
        String host,
        String profilingHost) {

    public static MonitoringConfig defaults() {
        return new MonitoringConfig(true, 9090, true, 8080, false, 6060, "0.0.0.0", "127.0.0.1");
    }
}
