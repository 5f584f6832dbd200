package dev.otlp.runtime.receiver;

import com.google.rpc.Code;
import dev.otlp.runtime.compression.ZstdCompressor;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.config.Secret;
import dev.otlp.runtime.otlp.InvalidUtf8;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;
import dev.otlp.runtime.testing.TestCertificates;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpReceiverTest {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final long MAX_REQUEST_SIZE = 64 * 1024;

    private final RecordingIntake intake = RecordingIntake.accepting();
    private static final DecodeBudget BUDGET = DecodeBudget.forHeap(MAX_REQUEST_SIZE);
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpReceiver receiver;

    @AfterEach
    void stop() throws InterruptedException {
        if (receiver != null) {
            receiver.shutdown();
            assertThat(receiver.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void receivesSpansFromTheOpenTelemetrySdkWithIdsAndAttributesIntact() throws Exception {
        start(config());

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpHttpSpanExporter.builder()
                .setEndpoint(url("http", "/v1/traces")).setCompression("gzip").build());

        ClientTelemetry.assertSpansArrived(intake, sent);
        ClientTelemetry.assertSpansCounted(metrics, ReceiverTransport.HTTP);
    }

    @Test
    void receivesMetricsFromTheOpenTelemetrySdk() throws Exception {
        start(config());

        ClientTelemetry.sendMetrics(OtlpHttpMetricExporter.builder()
                .setEndpoint(url("http", "/v1/metrics")).setCompression("gzip").build());

        ClientTelemetry.assertMetricsArrived(intake);
    }

    @Test
    void receivesLogsFromTheOpenTelemetrySdk() throws Exception {
        start(config());

        var span = ClientTelemetry.sendLog(OtlpHttpLogRecordExporter.builder()
                .setEndpoint(url("http", "/v1/logs")).setCompression("gzip").build());

        ClientTelemetry.assertLogArrived(intake, span);
    }

    @Test
    void receivesJsonWithHexIdsAndAnswersInJson() throws Exception {
        start(config());
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                  "spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173","name":"GET /cart","kind":2}]}]}]}
                """;

        HttpResponse<byte[]> response = post("/v1/traces", JSON + "; charset=utf-8", null, json.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(JSON);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        Span span = intake.spans().get(0);
        assertThat(ClientTelemetry.hex(span.getTraceId())).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(ClientTelemetry.hex(span.getSpanId())).isEqualTo("eee19b7ec3c1b174");
        assertThat(ClientTelemetry.hex(span.getParentSpanId())).isEqualTo("eee19b7ec3c1b173");
    }

    @Test
    void refusesAJsonSpanWithAShortTraceIdNamingItBeforeItJoinsABatch() throws Exception {
        start(config());
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8e","spanId":"eee19b7ec3c1b174","name":"GET /cart"}]}]}]}
                """;

        HttpResponse<byte[]> response = post("/v1/traces", JSON, null, json.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("resource_spans[0].scope_spans[0].spans[0].trace_id has 2 bytes; a trace id has 16");
        assertThat(intake.payloads()).isEmpty();
        assertAnotherClientIsServed();
    }

    @Test
    void refusesStringsThatAreNotUnicodeInProtobufAndJsonAlikeNamingWhere() throws Exception {
        start(config());
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getResourceBuilder().getAttributesBuilder(0).setKey(InvalidUtf8.MARKER);
        byte[] protobuf = InvalidUtf8.replaceMarker(request.build().toByteArray());
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                  "spanId":"eee19b7ec3c1b174","name":"GET /cart \\ud800"}]}]}]}
                """;

        HttpResponse<byte[]> refusedProtobuf = post("/v1/traces", PROTOBUF, null, protobuf);
        HttpResponse<byte[]> refusedJson = post("/v1/traces", JSON, null, json.getBytes(StandardCharsets.UTF_8));

        assertThat(refusedProtobuf.statusCode()).isEqualTo(400);
        assertThat(com.google.rpc.Status.parseFrom(refusedProtobuf.body()).getMessage())
                .startsWith("resource_spans[0].resource.attributes[0].key is not valid UTF-8 (byte 0x80 at offset ");
        assertThat(refusedJson.statusCode()).isEqualTo(400);
        assertThat(new String(refusedJson.body(), StandardCharsets.UTF_8))
                .contains("resourceSpans[0].scopeSpans[0].spans[0].name holds a lone surrogate");
        assertThat(intake.payloads()).isEmpty();
        assertThat(metrics.scrape()).contains("otlp_requests_total{outcome=\"invalid\",signal=\"traces\",transport=\"http\"} 2.0");
        assertAnotherClientIsServed();
    }

    @Test
    void forwardsMultiByteUtf8ByteForByteInProtobufAndJson() throws Exception {
        start(config());
        String text = "注文を取得 🚀 café";
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0).setName(text);
        byte[] protobuf = request.build().toByteArray();
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                  "spanId":"eee19b7ec3c1b174","name":"%s"}]}]}]}
                """.formatted(text);

        assertThat(post("/v1/traces", PROTOBUF, null, protobuf).statusCode()).isEqualTo(200);
        assertThat(post("/v1/traces", JSON, null, json.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

        assertThat(intake.payloads().get(0).bytes()).isEqualTo(protobuf);
        assertThat(intake.spans().get(intake.spans().size() - 1).getNameBytes().toByteArray())
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsZstdCompressedBodies() throws Exception {
        start(config());
        byte[] request = SampleRequests.logs(new Random(1), 3).toByteArray();

        HttpResponse<byte[]> response = post("/v1/logs", PROTOBUF, "zstd", new ZstdCompressor(3).compress(request));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(PROTOBUF);
        assertThat(response.body()).isEmpty();
        assertThat(intake.payloads()).singleElement().satisfies(payload -> assertThat(payload.bytes()).isEqualTo(request));
    }

    @Test
    void rejectsATruncatedRequestSayingWhereAndKeepsServingOtherClients() throws Exception {
        start(config());
        byte[] request = SampleRequests.smallTraces().toByteArray();

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, null, Arrays.copyOf(request, request.length - 1));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(com.google.rpc.Status.parseFrom(response.body())).satisfies(status -> {
            assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
            assertThat(status.getMessage()).isEqualTo("truncated length-delimited field 1 at offset 0");
        });
        assertThat(intake.payloads()).isEmpty();
        assertAnotherClientIsServed();
    }

    @Test
    void answersMalformedJsonWithAJsonStatus() throws Exception {
        start(config());

        HttpResponse<byte[]> response = post("/v1/metrics", JSON, null, "{\"resourceMetrics\":[{".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains(JSON);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("{\"code\":3,\"message\":\"invalid JSON: ");
        assertAnotherClientIsServed();
    }

    @Test
    void answersJsonNestedTooDeepOrANumberTooLongWith400NotAServerError() throws Exception {
        start(config());
        String deep = "{\"fromANewerSpec\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        String longNumber = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":"
                + "9".repeat(5_000) + "}]}]}]}";

        for (String json : List.of(deep, longNumber)) {
            HttpResponse<byte[]> response = post("/v1/traces", JSON, null, json.getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("{\"code\":3,\"message\":\"invalid JSON: ");
        }
        assertThat(metrics.scrape()).contains(
                "otlp_requests_total{outcome=\"invalid\",signal=\"traces\",transport=\"http\"} 2.0");
        assertAnotherClientIsServed();
    }

    @Test
    void rejectsABodyThatIsNotGzipAsItClaims() throws Exception {
        start(config());

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, "gzip", SampleRequests.smallTraces().toByteArray());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(com.google.rpc.Status.parseFrom(response.body()).getMessage()).startsWith("invalid gzip body: ");
        assertAnotherClientIsServed();
    }

    @Test
    void refusesMediaTypesAndEncodingsItCannotRead() throws Exception {
        start(config());
        byte[] request = SampleRequests.smallTraces().toByteArray();

        assertThat(post("/v1/traces", "text/plain", null, request).statusCode()).isEqualTo(415);
        assertThat(post("/v1/traces", PROTOBUF, "br", request).statusCode()).isEqualTo(415);
        assertThat(intake.payloads()).isEmpty();
        assertThat(metrics.scrape()).contains(
                "otlp_requests_total{outcome=\"unsupported_media_type\",signal=\"traces\",transport=\"http\"} 2.0");
        assertAnotherClientIsServed();
    }

    @Test
    void refusesBodiesLargerThanTheLimitBeforeAndAfterDecompression() throws Exception {
        start(config());
        byte[] oversized = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("x".repeat(1 << 20))))).build().toByteArray();

        assertThat(post("/v1/traces", PROTOBUF, null, oversized).statusCode()).isEqualTo(413);
        HttpResponse<byte[]> bomb = post("/v1/traces", PROTOBUF, "gzip", gzip(new byte[10 * 1024 * 1024]));
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(com.google.rpc.Status.parseFrom(bomb.body()).getMessage()).contains("exceeds the limit of 65536 bytes");
        assertThat(post("/v1/traces", PROTOBUF, "zstd", new ZstdCompressor(3).compress(new byte[10 * 1024 * 1024])).statusCode())
                .isEqualTo(413);
        assertThat(intake.payloads()).isEmpty();
        assertAnotherClientIsServed();
    }

    @Test
    void refusesDataWhenQueueIsFullWithRetryAfter() throws Exception {
        intake.answer(Admission.QUEUE_FULL);
        start(config());

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, null, SampleRequests.smallTraces().toByteArray());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(com.google.rpc.Status.parseFrom(response.body()).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
        assertThat(metrics.scrape()).contains("otlp_refused_items_total{reason=\"queue_full\",signal=\"traces\"} 2.0");
    }

    @Test
    void asksClientsToRetryLaterWhileShuttingDown() throws Exception {
        intake.answer(Admission.SHUTTING_DOWN);
        start(config());

        HttpResponse<byte[]> response = post("/v1/logs", PROTOBUF, null, SampleRequests.logs(new Random(3), 1).toByteArray());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void answersAFailingIntakeWithAServerErrorAndStaysUp() throws Exception {
        receiver = new HttpReceiver(config(), payload -> {
            throw new IllegalStateException("queue corrupted");
        }, metrics, BUDGET).start();

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, null, SampleRequests.smallTraces().toByteArray());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(post("/v1/traces", PROTOBUF, null, SampleRequests.smallTraces().toByteArray()).statusCode()).isEqualTo(500);
    }

    @Test
    void turnsAwayClientsWithoutTheRightApiKey() throws Exception {
        start(config(null, null, "s3cret-key"));
        byte[] request = SampleRequests.smallTraces().toByteArray();

        assertThat(post("/v1/traces", PROTOBUF, null, request).statusCode()).isEqualTo(401);
        assertThat(post("/v1/traces", PROTOBUF, null, request, "X-API-Key", "wrong").statusCode()).isEqualTo(401);
        assertThat(post("/v1/traces", PROTOBUF, null, request, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(intake.payloads()).isEmpty();

        assertThat(post("/v1/traces", PROTOBUF, null, request, "x-api-key", "s3cret-key").statusCode()).isEqualTo(200);
        assertThat(post("/v1/traces", PROTOBUF, null, request, "Authorization", "Bearer s3cret-key").statusCode()).isEqualTo(200);
        assertThat(intake.payloads()).hasSize(2);
    }

    @Test
    void readsTheApiKeyFromAFile(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("api-key"), "from-a-file\n");
        start(new ReceiverConfig("127.0.0.1", 0, 0, MAX_REQUEST_SIZE, null, null, null, keyFile.toString(), null, "X-Token"));

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpHttpSpanExporter.builder()
                .setEndpoint(url("http", "/v1/traces")).addHeader("X-Token", "from-a-file").build());

        ClientTelemetry.assertSpansArrived(intake, sent);
    }

    @Test
    void answersOnlyPostsToTheThreeSignalPaths() throws Exception {
        start(config());

        HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(URI.create(url("http", "/v1/traces"))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(post("/v1/profiles", PROTOBUF, null, new byte[0]).statusCode()).isEqualTo(404);
    }

    @Test
    void servesOverTlsWithAPkcs1Key(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        start(config(certs.serverCert().toString(), certs.serverKeyPkcs1().toString(), null));

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpHttpSpanExporter.builder()
                .setEndpoint(url("https", "/v1/traces")).setTrustedCertificates(Files.readAllBytes(certs.caCert())).build());

        ClientTelemetry.assertSpansArrived(intake, sent);
    }

    @Test
    void stopsTakingRequestsOnShutdown() throws Exception {
        start(config());
        int port = receiver.port();

        receiver.shutdown();

        assertThat(receiver.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void answersRequestsInProgressOnShutdownAndTurnsNewOnesAway() throws Exception {
        CountDownLatch offered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        receiver = new HttpReceiver(config(), payload -> {
            offered.countDown();
            await(release);
            return Admission.ACCEPTED;
        }, metrics, BUDGET).start();
        CompletableFuture<HttpResponse<byte[]>> inProgress = client.sendAsync(
                HttpRequest.newBuilder(URI.create(url("http", "/v1/traces"))).header("Content-Type", PROTOBUF)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(SampleRequests.smallTraces().toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        await(offered);

        receiver.shutdown();

        HttpResponse<byte[]> late = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("http", "/v1/traces"))).header("Content-Type", PROTOBUF)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(SampleRequests.smallTraces().toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.headers().firstValue("Retry-After")).isPresent();
        release.countDown();
        assertThat(inProgress.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(receiver.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void assertAnotherClientIsServed() throws Exception {
        ExportTraceServiceRequest request = SampleRequests.traces(new Random(9), 2);
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("http", "/v1/traces"))).header("Content-Type", PROTOBUF)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(intake.payloads()).last().satisfies(payload -> {
            assertThat(payload.bytes()).isEqualTo(request.toByteArray());
            assertThat(payload.items()).isEqualTo(SampleRequests.spans(request));
        });
    }

    private HttpResponse<byte[]> post(String path, String contentType, String encoding, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("http", path)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private void start(ReceiverConfig config) throws IOException {
        receiver = new HttpReceiver(config, intake, metrics, BUDGET).start();
    }

    private static ReceiverConfig config() {
        return config(null, null, null);
    }

    private static ReceiverConfig config(String certFile, String keyFile, String apiKey) {
        return new ReceiverConfig("127.0.0.1", 0, 0, MAX_REQUEST_SIZE, certFile, keyFile,
                apiKey == null ? null : new Secret(apiKey), null, null, "X-API-Key");
    }

    private String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + receiver.port() + path;
    }
}
