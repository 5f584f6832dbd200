package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A request that can never be exported is refused with the one limit it passed, and the numbers, on both transports. */
class TooLargeRequestEndToEndTest {

    private static final String CONFIG = """
            [otlp]
            endpoint = "%s"
            max_export_size = "16KiB"

            [queue]
            max_bytes = "256KiB"
            """;

    @Test
    void aSpanLargerThanMaxExportSizeIsRefusedNamingThatLimitAndTheSpansSize() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(CONFIG.formatted(upstream.grpcEndpoint()));
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            ExportTraceServiceRequest oneHugeSpan = SpanIdClient.request("huge", 1, 16, "x".repeat(20 * 1024));
            String spanSize = kib(oneHugeSpan.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSerializedSize());

            HttpResponse<String> http = runtime.post("/v1/traces", oneHugeSpan.toByteArray());
            Status grpc = client.sendOnce(oneHugeSpan);

            assertThat(http.statusCode()).isEqualTo(413);
            assertThat(grpc.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            for (String message : new String[] {http.body(), grpc.getDescription()}) {
                assertThat(message).contains("the request holds a span of " + spanSize + ",",
                                "larger than [otlp] max_export_size = 16 KiB")
                        .doesNotContain("queue");
            }
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void aRequestLargerThanTheWholeQueueIsRefusedNamingTheQueuesLimitAndTheRequestsSize() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(CONFIG.formatted(upstream.grpcEndpoint()));
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            ExportTraceServiceRequest manySmallSpans = SpanIdClient.request("many", 300, 16, "x".repeat(1024));
            String size = kib(manySmallSpans.getSerializedSize());

            HttpResponse<String> http = runtime.post("/v1/traces", manySmallSpans.toByteArray());
            Status grpc = client.sendOnce(manySmallSpans);

            assertThat(http.statusCode()).isEqualTo(413);
            assertThat(grpc.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            for (String message : new String[] {http.body(), grpc.getDescription()}) {
                assertThat(message).contains("the request is " + size + ", larger than the whole queue ([queue] max_bytes = 256 KiB)")
                        .doesNotContain("max_export_size");
            }
            assertThat(upstream.received()).isEmpty();
        }
    }

    private static String kib(int bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
