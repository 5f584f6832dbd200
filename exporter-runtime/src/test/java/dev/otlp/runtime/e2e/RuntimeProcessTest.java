package dev.otlp.runtime.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.testing.TestUpstream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime as a process: its command line, its exit codes, its signals and what it prints. */
class RuntimeProcessTest {

    private static final Path SEED_BASIC_EXAMPLE = Path.of("../exporter-config/src/test/resources/config.toml");
    private static final String API_KEY = "k3y-that-must-never-be-printed";

    @TempDir
    Path dir;

    @Test
    void checkConfigRefusesTheSeedsBasicExampleBecauseItWouldSendToItself() throws Exception {
        try (RuntimeProcess check = RuntimeProcess.start(dir, Map.of(), "--check-config", "--config", SEED_BASIC_EXAMPLE.toString())) {
            assertThat(check.waitForExit()).isEqualTo(2);
            assertThat(check.output()).contains("otlp.endpoint: http://localhost:4317 points at this runtime's own gRPC receiver"
                    + " (receiver.grpc_port = 4317)");
        }
    }

    @Test
    void checkConfigAcceptsTheSeedsBasicExampleOnceTheEndpointNamesACollector() throws Exception {
        try (RuntimeProcess check = RuntimeProcess.start(dir, Map.of("OTLP_ENDPOINT", "http://collector.observability:4317"),
                "--check-config", "--config", SEED_BASIC_EXAMPLE.toString())) {
            assertThat(check.waitForExit()).isZero();
            assertThat(check.output()).contains("config OK", "profile balanced", "http://collector.observability:4317");
        }
    }

    @Test
    void refusesToStartOnAnInvalidConfigAndNamesEveryProblem() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.toml"), """
                [performance]
                batch_size = 0
                compresion_level = 3
                """);
        try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString())) {
            assertThat(runtime.waitForExit()).isEqualTo(2);
            assertThat(runtime.output()).contains("performance.compresion_level", "performance.batch_size");
        }
    }

    @Test
    void onSigtermDeliversWhatItHoldsAndExitsZeroWithoutPrintingSecrets() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            Ports ports = Ports.free();
            Path config = Files.writeString(dir.resolve("runtime.toml"), """
                    [otlp]
                    endpoint = "%s"

                    [authentication]
                    api_key = "%s"

                    [performance]
                    batch_size = 1000
                    max_batch_size = 2000
                    batch_timeout = "1h"

                    [receiver]
                    host = "127.0.0.1"
                    grpc_port = %d
                    http_port = %d

                    [monitoring]
                    metrics_port = %d
                    health_check_port = %d

                    [logging]
                    level = "trace"
                    """.formatted(upstream.grpcEndpoint(), API_KEY, ports.grpc(), ports.http(), ports.metrics(), ports.health()));
            try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(), "--config", config.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");
                ExportTraceServiceRequest request = SampleRequests.traces(new Random(3), 4);
                assertThat(post(ports.http(), request.toByteArray()).statusCode()).isEqualTo(200);

                runtime.terminate();

                assertThat(runtime.waitForExit()).isZero();
                assertThat(upstream.receivedSpans()).isEqualTo(SampleRequests.spans(request));
                assertThat(upstream.received()).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(API_KEY));
                String output = runtime.output();
                assertThat(output).contains("shut down: everything received was delivered").doesNotContain(API_KEY);
                ObjectMapper json = new ObjectMapper();
                assertThat(output.lines()).allSatisfy(line -> assertThat(json.readTree(line).has("message")).isTrue());
            }
        }
    }

    private static HttpResponse<String> post(int port, byte[] body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
