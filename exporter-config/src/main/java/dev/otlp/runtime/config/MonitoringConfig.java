package dev.otlp.runtime.config;

/** {@code [monitoring]}: Prometheus {@code /metrics} and the {@code /health} and {@code /ready} probes. */
public record MonitoringConfig(
        boolean enableMetrics,
        int metricsPort,
        boolean enableHealthCheck,
        int healthCheckPort,
        boolean enableProfiling,
        int profilingPort) {

    public static MonitoringConfig defaults() {
        return new MonitoringConfig(true, 9090, true, 8080, false, 6060);
    }
}
