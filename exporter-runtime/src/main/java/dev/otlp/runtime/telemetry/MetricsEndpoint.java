package dev.otlp.runtime.telemetry;

import java.util.Map;

/** {@code /metrics}: the runtime's metrics in the Prometheus text exposition format. */
final class MetricsEndpoint {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsEndpoint() {
    }

    static Map<String, HttpResource> of(RuntimeMetrics metrics) {
        return Map.of("/metrics", query -> Response.text(200, PROMETHEUS_TEXT, metrics.scrape()));
    }
}
