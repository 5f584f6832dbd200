package dev.otlp.runtime.telemetry;

import dev.otlp.runtime.config.MonitoringConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The runtime's own HTTP endpoints as {@code [monitoring]} asks: {@code /health} and {@code /ready} on
 * {@code health_check_port}, {@code /metrics} on {@code metrics_port}, both on {@code host}, each only
 * when enabled; equal ports share one listener (also when both are 0, which then picks one free port
 * for both). With {@code enable_profiling}, the profiling endpoints on {@code profiling_host:profiling_port},
 * a listener of their own, so that a long flight recording never holds up a probe.
 */
public final class TelemetryServers implements AutoCloseable {

    private final List<TelemetryServer> servers;
    private final OptionalInt healthPort;
    private final OptionalInt metricsPort;
    private final OptionalInt profilingPort;

    private TelemetryServers(List<TelemetryServer> servers, OptionalInt healthPort, OptionalInt metricsPort,
                             OptionalInt profilingPort) {
        this.servers = servers;
        this.healthPort = healthPort;
        this.metricsPort = metricsPort;
        this.profilingPort = profilingPort;
    }

    /** Starts listening; throws {@link java.io.UncheckedIOException} naming the port when one cannot be bound. */
    public static TelemetryServers start(MonitoringConfig monitoring, RuntimeMetrics metrics, Readiness readiness) {
        return start(monitoring, metrics, readiness, new ThreadDeadlocks());
    }

    static TelemetryServers start(MonitoringConfig monitoring, RuntimeMetrics metrics, Readiness readiness,
                                  Liveness liveness) {
        Map<String, HttpResource> health = monitoring.enableHealthCheck()
                ? HealthEndpoints.of(liveness, readiness) : Map.of();
        Map<String, HttpResource> scrape = monitoring.enableMetrics() ? MetricsEndpoint.of(metrics) : Map.of();
        List<TelemetryServer> servers = new ArrayList<>();
        try {
            OptionalInt profilingPort = monitoring.enableProfiling()
                    ? OptionalInt.of(started(servers, monitoring.profilingHost(), monitoring.profilingPort(),
                    ProfilingEndpoints.of()).port())
                    : OptionalInt.empty();
            String host = monitoring.host();
            if (!health.isEmpty() && !scrape.isEmpty() && monitoring.healthCheckPort() == monitoring.metricsPort()) {
                Map<String, HttpResource> both = new LinkedHashMap<>(health);
                both.putAll(scrape);
                TelemetryServer shared = started(servers, host, monitoring.healthCheckPort(), both);
                return new TelemetryServers(servers, OptionalInt.of(shared.port()), OptionalInt.of(shared.port()),
                        profilingPort);
            }
            OptionalInt healthPort = health.isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(started(servers, host, monitoring.healthCheckPort(), health).port());
            OptionalInt metricsPort = scrape.isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(started(servers, host, monitoring.metricsPort(), scrape).port());
            return new TelemetryServers(servers, healthPort, metricsPort, profilingPort);
        } catch (RuntimeException e) {
            servers.forEach(TelemetryServer::close);
            throw e;
        }
    }

    private static TelemetryServer started(List<TelemetryServer> servers, String host, int port,
                                           Map<String, HttpResource> endpoints) {
        TelemetryServer server = TelemetryServer.start(host, port, endpoints);
        servers.add(server);
        return server;
    }

    /** The port serving {@code /health} and {@code /ready}; empty when the health check is disabled. */
    public OptionalInt healthPort() {
        return healthPort;
    }

    /** The port serving {@code /metrics}; empty when metrics are disabled. */
    public OptionalInt metricsPort() {
        return metricsPort;
    }

    /** The port serving the profiling endpoints; empty unless profiling is enabled. */
    public OptionalInt profilingPort() {
        return profilingPort;
    }

    /** Stops every listener at once. Close it last on shutdown, so that {@code /ready} reports the drain. */
    @Override
    public void close() {
        servers.forEach(TelemetryServer::close);
    }
}
