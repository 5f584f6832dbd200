package dev.otlp.operator.monitoring;

import dev.otlp.runtime.ExporterRuntime;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigLoader;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The metric names a freshly started exporter runtime serves on {@code /metrics}, before any traffic. */
final class RunningRuntimeMetrics {

    private static final String DEBUG_UPSTREAM_ON_FREE_PORTS = """
            [otlp]
            endpoint = "debug"

            [receiver]
            host = "127.0.0.1"
            grpc_port = 0
            http_port = 0

            [monitoring]
            host = "127.0.0.1"
            metrics_port = 0
            health_check_port = 0
            """;

    private RunningRuntimeMetrics() {
    }

    static Set<String> names() throws Exception {
        ConfigLoadResult loaded = ConfigLoader.fromToml(DEBUG_UPSTREAM_ON_FREE_PORTS, "test", Map.of());
        ExporterRuntime runtime = ExporterRuntime.start(loaded.config());
        try {
            return runtime.metrics().scrape().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        } finally {
            runtime.shutdown();
        }
    }
}
