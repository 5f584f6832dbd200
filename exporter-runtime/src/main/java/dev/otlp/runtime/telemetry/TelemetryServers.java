package dev.otlp.runtime.telemetry;

import dev.otlp.runtime.config.MonitoringConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The runtime's own HTTP endpoints as {@code [monitoring]} asks: {@code /health} and {@code /ready} on
 * {@code health_check_port}, {@code /metrics} on {@code metrics_port}, each only when enabled. Equal ports
 * share one listener (also when both are 0, which then picks one free port for both).
 */
public final class TelemetryServers implements AutoCloseable {

    private final List<TelemetryServer> servers;
    private final OptionalInt healthPort;
    private final OptionalInt metricsPort;

    private TelemetryServers(List<TelemetryServer> servers, OptionalInt healthPort, OptionalInt metricsPort) {
        this.servers = servers;
        this.healthPort = healthPort;
        this.metricsPort = metricsPort;
    }

    /** Starts listening; throws {@link java.io.UncheckedIOException} naming the port when one cannot be bound. */
    public static TelemetryServers start(MonitoringConfig monitoring, RuntimeMetrics metrics, Readiness readiness) {
        return start(monitoring, metrics, readiness, new ThreadDeadlocks());
    }

    static TelemetryServers start(MonitoringConfig monitoring, RuntimeMetrics metrics, Readiness readiness,
                                  Liveness liveness) {
        Map<String, Endpoint> health = monitoring.enableHealthCheck()
                ? HealthEndpoints.of(liveness, readiness) : Map.of();
        Map<String, Endpoint> scrape = monitoring.enableMetrics() ? MetricsEndpoint.of(metrics) : Map.of();
        List<TelemetryServer> servers = new ArrayList<>();
        try {
            if (!health.isEmpty() && !scrape.isEmpty() && monitoring.healthCheckPort() == monitoring.metricsPort()) {
                Map<String, Endpoint> both = new LinkedHashMap<>(health);
                both.putAll(scrape);
                TelemetryServer shared = started(servers, monitoring.healthCheckPort(), both);
                return new TelemetryServers(servers, OptionalInt.of(shared.port()), OptionalInt.of(shared.port()));
            }
            OptionalInt healthPort = health.isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(started(servers, monitoring.healthCheckPort(), health).port());
            OptionalInt metricsPort = scrape.isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(started(servers, monitoring.metricsPort(), scrape).port());
            return new TelemetryServers(servers, healthPort, metricsPort);
        } catch (RuntimeException e) {
            servers.forEach(TelemetryServer::close);
            throw e;
        }
    }

    private static TelemetryServer started(List<TelemetryServer> servers, int port, Map<String, Endpoint> endpoints) {
        TelemetryServer server = TelemetryServer.start(port, endpoints);
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

    /** Stops every listener at once. Close it last on shutdown, so that {@code /ready} reports the drain. */
    @Override
    public void close() {
        servers.forEach(TelemetryServer::close);
    }
}
