package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack that used to take a runtime down, against a runtime process with the heap the
 * operator deploys at a 512 MiB memory limit (75 % of it, exit on OutOfMemoryError): concurrent
 * 8.5 MB OTLP/JSON bodies and gzip bombs, without authentication. The runtime must answer every
 * one (accepted, or refused as retryable or too large), stay up, and keep its health endpoint.
 */
class HostileInputEndToEndTest {

    private static final List<String> DEPLOYED_HEAP = List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");

    @TempDir
    Path dir;

    @Test
    void concurrentLargeJsonBodiesAndGzipBombsDoNotExhaustA384MbHeap() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            Ports ports = Ports.free();
            Path config = Files.writeString(dir.resolve("runtime.toml"), """
                    [otlp]
                    endpoint = "%s"

                    %s
                    """.formatted(upstream.grpcEndpoint(), ports.toml()));
            try (RuntimeProcess runtime = RuntimeProcess.start(dir, DEPLOYED_HEAP, Map.of(), "--config", config.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");
                byte[] json = largeJson(8_500_000);
                byte[] bomb = gzipOfZeros(30 << 20);
                HttpClient client = HttpClient.newHttpClient();
                List<CompletableFuture<HttpResponse<String>>> jsonAnswers = new ArrayList<>();
                List<CompletableFuture<HttpResponse<String>>> bombAnswers = new ArrayList<>();

                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 8; i++) {
                        jsonAnswers.add(client.sendAsync(post(ports.http(), json, null), HttpResponse.BodyHandlers.ofString()));
                    }
                    for (int i = 0; i < 4; i++) {
                        bombAnswers.add(client.sendAsync(post(ports.http(), bomb, "gzip"), HttpResponse.BodyHandlers.ofString()));
                    }
                }

                List<Integer> jsonStatuses = new ArrayList<>();
                for (CompletableFuture<HttpResponse<String>> answer : jsonAnswers) {
                    jsonStatuses.add(answer.get(2, TimeUnit.MINUTES).statusCode());
                }
                for (CompletableFuture<HttpResponse<String>> answer : bombAnswers) {
                    HttpResponse<String> response = answer.get(2, TimeUnit.MINUTES);
                    assertThat(response.statusCode()).as("a gzip bomb").isIn(413, 429);
                }
                System.out.println("8.5 MB JSON bodies answered: " + jsonStatuses);
                assertThat(jsonStatuses).as("accepted or refused as retryable").allSatisfy(status -> assertThat(status).isIn(200, 429));
                assertThat(jsonStatuses).contains(200);
                assertThat(runtime.isAlive()).as("the runtime survived").isTrue();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.health() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(runtime.output()).doesNotContain("OutOfMemoryError");
            }
        }
    }

    private static HttpRequest post(int port, byte[] body, String encoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return request.build();
    }

    /** An OTLP/JSON traces request of about {@code size} bytes: spans with a kilobyte attribute each. */
    private static byte[] largeJson(int size) {
        String value = "x".repeat(1000);
        StringBuilder json = new StringBuilder(size + 4096).append("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[");
        for (int i = 0; json.length() < size; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"traceId\":\"").append(HexFormat.of().toHexDigits((long) i)).append(HexFormat.of().toHexDigits((long) i))
                    .append("\",\"spanId\":\"").append(HexFormat.of().toHexDigits(i + 1L))
                    .append("\",\"name\":\"op\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\",")
                    .append("\"attributes\":[{\"key\":\"payload\",\"value\":{\"stringValue\":\"").append(value).append("\"}}]}");
        }
        return json.append("]}]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzipOfZeros(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }
}
