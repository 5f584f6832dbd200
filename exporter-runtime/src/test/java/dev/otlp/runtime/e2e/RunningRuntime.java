package dev.otlp.runtime.e2e;

import dev.otlp.runtime.ExporterRuntime;
import dev.otlp.runtime.config.ConfigLoadResult;
import dev.otlp.runtime.config.ConfigLoader;
import dev.otlp.runtime.config.ConfigValidator;
import dev.otlp.runtime.config.FileChecks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole runtime in this JVM, started from TOML the way Main starts it, on ephemeral ports. */
final class RunningRuntime implements AutoCloseable {

    private static final String EPHEMERAL_PORTS = """
            [receiver]
            host = "127.0.0.1"
            grpc_port = 0
            http_port = 0

            [monitoring]
            metrics_port = 0
            health_check_port = 0
            """;

    static final String SHUTDOWN_DELAY_VARIABLE = "QUEUE_SHUTDOWN_DELAY";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ExporterRuntime runtime;
    private boolean stopped;

    private RunningRuntime(ExporterRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts a runtime from {@code toml}, which must not set [receiver] or [monitoring]. */
    static RunningRuntime start(String toml) throws IOException {
        return start(toml, Map.of());
    }

    /**
     * Starts a runtime from {@code toml} and environment variables, which may set [receiver] keys. Its
     * {@code shutdown_delay} is 0 unless the test sets {@code QUEUE_SHUTDOWN_DELAY}: no load balancer
     * needs the time here.
     */
    static RunningRuntime start(String toml, Map<String, String> env) throws IOException {
        Map<String, String> withEnv = new HashMap<>(Map.of(SHUTDOWN_DELAY_VARIABLE, "0s"));
        withEnv.putAll(env);
        ConfigLoadResult loaded = ConfigLoader.fromToml(toml + "\n" + EPHEMERAL_PORTS, "test", withEnv);
        assertThat(loaded.problems()).as("problems loading the test's config").isEmpty();
        assertThat(ConfigValidator.validate(loaded.config(), FileChecks.ON)).as("problems in the test's config").isEmpty();
        return new RunningRuntime(ExporterRuntime.start(loaded.config()));
    }

    ExporterRuntime runtime() {
        return runtime;
    }

    String grpcEndpoint() {
        return "http://127.0.0.1:" + runtime.grpcPort();
    }

    String httpEndpoint() {
        return "http://127.0.0.1:" + runtime.httpPort();
    }

    String metrics() {
        return runtime.metrics().scrape();
    }

    /** {@code /ready} as a load balancer sees it: status code and body. */
    HttpResponse<String> ready() throws IOException, InterruptedException {
        return get("/ready");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + runtime.healthPort().orElseThrow() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a serialized request to the OTLP/HTTP receiver. */
    HttpResponse<String> post(String path, byte[] protobuf) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpEndpoint() + path))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(protobuf)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    long shutdown() throws InterruptedException {
        stopped = true;
        return runtime.shutdown();
    }

    /** Shuts the runtime down unless a test did; interrupted, it keeps the interrupt. */
    @Override
    public void close() {
        if (!stopped) {
            try {
                shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
