package dev.otlp.runtime.config;

/** {@code [service]}: who this runtime is; it names the runtime in its own logs and metrics. */
public record ServiceConfig(String name, String version, String namespace) {

    public static ServiceConfig defaults() {
        return new ServiceConfig("otlp-exporter", "", "");
    }
}
