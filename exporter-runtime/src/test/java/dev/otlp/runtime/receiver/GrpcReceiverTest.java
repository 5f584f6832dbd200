package dev.otlp.runtime.receiver;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.google.rpc.RetryInfo;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.config.LoggingConfig;
import dev.otlp.runtime.config.Secret;
import dev.otlp.runtime.config.ServiceConfig;
import dev.otlp.runtime.otlp.InvalidUtf8;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.telemetry.Logging;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.telemetry.RuntimeMetrics.ReceiverTransport;
import dev.otlp.runtime.testing.TestCertificates;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.otlp.runtime.otlp.ByteArrayMarshaller.exportMethod;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GrpcReceiverTest {

    private static final String API_KEY = "s3cret-key";

    private final RecordingIntake intake = RecordingIntake.accepting();
    private static final DecodeBudget BUDGET = DecodeBudget.forHeap(4L << 20);
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private GrpcReceiver receiver;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.shutdown();
            assertThat(receiver.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void receivesSpansFromTheOpenTelemetrySdkWithIdsAndAttributesIntact() throws Exception {
        start(config(null, null));

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpGrpcSpanExporter.builder()
                .setEndpoint(endpoint("http")).setCompression("gzip").build());

        ClientTelemetry.assertSpansArrived(intake, sent);
        ClientTelemetry.assertSpansCounted(metrics, ReceiverTransport.GRPC);
    }

    @Test
    void receivesMetricsFromTheOpenTelemetrySdk() throws Exception {
        start(config(null, null));

        ClientTelemetry.sendMetrics(OtlpGrpcMetricExporter.builder().setEndpoint(endpoint("http")).setCompression("gzip").build());

        ClientTelemetry.assertMetricsArrived(intake);
    }

    @Test
    void receivesLogsFromTheOpenTelemetrySdk() throws Exception {
        start(config(null, null));

        var span = ClientTelemetry.sendLog(OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint("http")).setCompression("gzip").build());

        ClientTelemetry.assertLogArrived(intake, span);
    }

    @Test
    void acceptsZstdCompressedRequestsAsTheyWereSent() throws Exception {
        start(config(null, null));
        byte[] request = SampleRequests.traces(new Random(1), 3).toByteArray();

        ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT.withCompression("zstd"), request);

        assertThat(intake.payloads()).singleElement().satisfies(payload -> {
            assertThat(payload.bytes()).isEqualTo(request);
            assertThat(payload.items()).isEqualTo(SampleRequests.spans(SampleRequests.traces(new Random(1), 3)));
        });
    }

    @Test
    void refusesDataWhenQueueIsFullWithARetryableStatus() throws Exception {
        intake.answer(Admission.QUEUE_FULL);
        start(config(null, null));

        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel(), exportMethod(Signal.LOGS), CallOptions.DEFAULT, SampleRequests.logs(new Random(2), 2).toByteArray()));

        assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(StatusProto.fromThrowable(refusal).getDetailsList())
                .anySatisfy(detail -> assertThat(detail.unpack(RetryInfo.class).getRetryDelay().getSeconds()).isPositive());
        assertThat(metrics.scrape()).contains("otlp_requests_total{outcome=\"queue_full\",signal=\"logs\",transport=\"grpc\"} 1.0");
    }

    @Test
    void asksClientsToRetryElsewhereWhileShuttingDown() throws Exception {
        intake.answer(Admission.SHUTTING_DOWN);
        start(config(null, null));

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.METRICS), CallOptions.DEFAULT,
                SampleRequests.metrics(new Random(3), 1).toByteArray()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void rejectsAMalformedRequestSayingWhereAndKeepsServingOtherClients() throws Exception {
        start(config(null, null));
        byte[] request = SampleRequests.smallTraces().toByteArray();

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT,
                Arrays.copyOf(request, request.length - 1)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("truncated length-delimited field 1 at offset 0");
                });

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint("http")).build());
        ClientTelemetry.assertSpansArrived(intake, sent);
    }

    @Test
    void refusesASpanWithAShortTraceIdNamingIt() throws Exception {
        start(config(null, null));
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0)
                .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[2]));

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT,
                request.build().toByteArray()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("resource_spans[0].scope_spans[0].spans[0].trace_id has 2 bytes; a trace id has 16");
                });
        assertThat(intake.payloads()).isEmpty();
    }

    @Test
    void refusesASpanNameThatIsNotUtf8NamingItAndCountsTheRequestAsInvalid() throws Exception {
        start(config(null, null));
        ExportTraceServiceRequest.Builder request = SampleRequests.smallTraces().toBuilder();
        request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(1).setName(InvalidUtf8.MARKER);
        byte[] bytes = InvalidUtf8.replaceMarker(request.build().toByteArray());

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT, bytes))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("resource_spans[0].scope_spans[0].spans[1].name is not valid UTF-8 (byte 0x80 at offset ");
                });
        assertThat(intake.payloads()).isEmpty();
        assertThat(metrics.scrape()).contains("otlp_requests_total{outcome=\"invalid\",signal=\"traces\",transport=\"grpc\"} 1.0");
    }

    @Test
    void answersCorruptCompressionWithInvalidArgumentAndKeepsServing() throws Exception {
        start(config(null, null));

        for (String encoding : List.of("gzip", "zstd")) {
            ManagedChannel corrupt = NettyChannelBuilder.forAddress("127.0.0.1", receiver.port()).usePlaintext()
                    .compressorRegistry(TestCodecs.claiming(encoding)).build();
            try {
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(corrupt, exportMethod(Signal.TRACES),
                        CallOptions.DEFAULT.withCompression(encoding), SampleRequests.traces(new Random(5), 3).toByteArray()))
                        .as(encoding).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                            assertThat(e.getStatus().getDescription()).startsWith("unreadable message");
                        });
            } finally {
                corrupt.shutdownNow();
            }
        }

        assertThat(intake.payloads()).isEmpty();
        assertThat(metrics.scrape()).contains("otlp_requests_total{outcome=\"invalid\",signal=\"traces\",transport=\"grpc\"} 2.0");
        ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT,
                SampleRequests.smallTraces().toByteArray());
        assertThat(intake.payloads()).hasSize(1);
    }

    @Test
    void refusesARequestTheDecodeBudgetCannotHoldAsRetryable() throws Exception {
        DecodeBudget budget = new DecodeBudget(64 << 10);
        receiver = new GrpcReceiver(config(null, null), intake, metrics, budget).start();
        byte[] request = SampleRequests.traces(new Random(6), 10).toByteArray();
        DecodeBudget.Lease others = budget.lease();
        others.reserve(budget.capacity() - request.length / 2);

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT, request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(StatusProto.fromThrowable(e).getDetailsList())
                            .anySatisfy(detail -> assertThat(detail.is(RetryInfo.class)).isTrue());
                });
        others.close();
        ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT, request);
        assertThat(intake.payloads()).hasSize(1);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void refusesRequestsTooLargeForTheLimit() throws Exception {
        start(new ReceiverConfig("127.0.0.1", 0, 0, 1024, null, null, null, null, null, "X-API-Key"));

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES), CallOptions.DEFAULT,
                SampleRequests.traces(new Random(4), 20).toByteArray()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(intake.payloads()).isEmpty();
    }

    @Test
    void countsEveryRequestTooLargeForTheLimitAndLogsOneLineWithoutAStackTrace() throws Exception {
        ByteArrayOutputStream log = captureLog();
        try {
            start(new ReceiverConfig("127.0.0.1", 0, 0, 1024, null, null, null, null, null, "X-API-Key"));
            // 20 KB that compress below the limit: gzip is refused as it is decompressed, identity as it arrives.
            byte[] oversize = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("x".repeat(20_000)))))
                    .build().toByteArray();

            for (String encoding : Arrays.asList(null, null, null, "gzip", "gzip")) {
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel(), exportMethod(Signal.TRACES),
                        CallOptions.DEFAULT.withCompression(encoding), oversize))
                        .as(String.valueOf(encoding)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                            assertThat(StatusProto.fromThrowable(e)).as("not retryable: no RetryInfo")
                                    .satisfiesAnyOf(status -> assertThat(status).isNull(),
                                            status -> assertThat(status.getDetailsList()).isEmpty());
                        });
            }

            assertThat(metrics.scrape())
                    .contains("otlp_requests_total{outcome=\"too_large\",signal=\"traces\",transport=\"grpc\"} 5.0")
                    .contains("otlp_errors_total{type=\"too_large\"} 5.0");
            assertThat(intake.payloads()).isEmpty();
            String[] lines = log.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertThat(lines).as("log lines").hasSize(1);
            assertThat(lines[0]).contains("\"level\":\"WARN\"").contains("exceeds the limit of 1024 bytes")
                    .doesNotContain("stack_trace").hasSizeLessThan(600);
        } finally {
            restoreDefaultLogging();
        }
    }

    @Test
    void leavesGrpcsReportsOfOtherBrokenMessagesInTheLog() throws Exception {
        ByteArrayOutputStream log = captureLog();
        try {
            start(config(null, null));
            java.util.logging.Logger deframing = java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");

            // What grpc-netty logs when a message cannot be deframed, for a size refusal and for anything else.
            deframing.log(java.util.logging.Level.WARNING, "Exception processing message",
                    Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 1024: 20016").asRuntimeException());
            deframing.log(java.util.logging.Level.WARNING, "Exception processing message",
                    Status.INTERNAL.withDescription("Can't decode compressed gRPC message as compression not configured")
                            .asRuntimeException());

            assertThat(log.toString(StandardCharsets.UTF_8).strip().split("\n")).singleElement(as(InstanceOfAssertFactories.STRING))
                    .contains("Exception processing message").contains("stack_trace")
                    .contains("INTERNAL: Can't decode compressed gRPC message").doesNotContain("RESOURCE_EXHAUSTED");
        } finally {
            restoreDefaultLogging();
        }
    }

    private static ByteArrayOutputStream captureLog() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Logging.configure(new LoggingConfig(LoggingConfig.Level.INFO, LoggingConfig.Format.JSON, LoggingConfig.Output.STDOUT,
                false), new ServiceConfig("otlp-exporter", "", ""), log);
        return log;
    }

    private static void restoreDefaultLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void turnsAwayClientsWithoutTheRightApiKey() throws Exception {
        start(config(null, null, API_KEY));

        for (Metadata headers : new Metadata[] {new Metadata(), apiKey("wrong"), bearer("wrong")}) {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(withHeaders(headers), exportMethod(Signal.TRACES),
                    CallOptions.DEFAULT, SampleRequests.smallTraces().toByteArray()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
        assertThat(intake.payloads()).isEmpty();
        assertThat(metrics.scrape()).doesNotContain(API_KEY)
                .contains("otlp_requests_total{outcome=\"unauthenticated\",signal=\"traces\",transport=\"grpc\"} 3.0");
    }

    @Test
    void admitsClientsPresentingTheApiKeyInItsHeaderOrAsBearerToken() throws Exception {
        start(config(null, null, API_KEY));

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint("http"))
                .addHeader("X-API-Key", API_KEY).build());
        ClientTelemetry.assertSpansArrived(intake, sent);

        byte[] response = ClientCalls.blockingUnaryCall(withHeaders(bearer(API_KEY)), exportMethod(Signal.LOGS), CallOptions.DEFAULT,
                SampleRequests.logs(new Random(5), 1).toByteArray());
        assertThat(response).isEmpty();
        assertThat(intake.payloads(Signal.LOGS)).hasSize(1);
    }

    @Test
    void servesOverTls(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        start(config(certs.serverCert().toString(), certs.serverKey().toString()));

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpGrpcSpanExporter.builder()
                .setEndpoint(endpoint("https")).setTrustedCertificates(Files.readAllBytes(certs.caCert())).build());
        ClientTelemetry.assertSpansArrived(intake, sent);

        channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.port())
                .sslContext(GrpcSslContexts.forClient().trustManager(certs.caCert().toFile()).build())
                .compressorRegistry(TestCodecs.gzipAndZstd())
                .build();
        ClientCalls.blockingUnaryCall(channel, exportMethod(Signal.METRICS), CallOptions.DEFAULT.withCompression("zstd"),
                SampleRequests.metrics(new Random(6), 1).toByteArray());
        assertThat(intake.payloads(Signal.METRICS)).hasSize(1);
    }

    @Test
    void stopsTakingCallsOnShutdown() throws Exception {
        start(config(null, null));
        int port = receiver.port();

        receiver.shutdown();

        assertThat(receiver.awaitTermination(Duration.ofSeconds(10))).isTrue();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, exportMethod(Signal.TRACES),
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    private void start(ReceiverConfig config) throws Exception {
        receiver = new GrpcReceiver(config, intake, metrics, BUDGET).start();
    }

    private static ReceiverConfig config(String certFile, String keyFile) {
        return config(certFile, keyFile, null);
    }

    private static ReceiverConfig config(String certFile, String keyFile, String apiKey) {
        return new ReceiverConfig("127.0.0.1", 0, 0, 4L << 20, certFile, keyFile,
                apiKey == null ? null : new Secret(apiKey), null, null, "X-API-Key");
    }

    private String endpoint(String scheme) {
        return scheme + "://127.0.0.1:" + receiver.port();
    }

    private ManagedChannel channel() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.port()).usePlaintext()
                    .compressorRegistry(TestCodecs.gzipAndZstd()).build();
        }
        return channel;
    }

    private io.grpc.Channel withHeaders(Metadata headers) {
        return ClientInterceptors.intercept(channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Metadata apiKey(String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);
        return headers;
    }

    private static Metadata bearer(String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return headers;
    }
}
