package dev.otlp.runtime.e2e;

import com.google.rpc.RetryInfo;
import dev.otlp.runtime.otlp.ByteArrayMarshaller;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A stalled upstream fills the bounded queue: clients are refused with retryable answers and nothing is lost. */
class BackPressureEndToEndTest {

    private static final String SMALL_QUEUE_STALLS_VISIBLY = """
            [otlp]
            endpoint = "%s"
            timeout = "60s"

            [performance]
            batch_size = 10
            batch_timeout = "5ms"
            max_batch_size = 10
            enable_adaptive_batching = false
            max_connections = 2
            min_connections = 1

            [queue]
            max_items = 60
            high_water_mark = 0.8
            """;

    @Test
    void refusesWithRetryableStatusWhileTheUpstreamStallsAndDeliversEverythingAcceptedOnceItRecovers() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(SMALL_QUEUE_STALLS_VISIBLY.formatted(upstream.grpcEndpoint()))) {
            upstream.stall();
            Random random = new Random(7);

            int acceptedSpans = 0;
            HttpResponse<String> refusal = null;
            for (int i = 0; i < 100 && refusal == null; i++) {
                ExportTraceServiceRequest request = SampleRequests.traces(random, 2);
                HttpResponse<String> response = runtime.post("/v1/traces", request.toByteArray());
                if (response.statusCode() == 200) {
                    acceptedSpans += SampleRequests.spans(request);
                } else {
                    refusal = response;
                }
            }

            assertThat(refusal).as("a refusal once the queue is full").isNotNull();
            assertThat(refusal.statusCode()).isEqualTo(429);
            assertThat(refusal.headers().firstValue("Retry-After")).isPresent();
            assertThat(grpcRefusal(runtime).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(runtime.ready().statusCode()).isEqualTo(503);
            assertThat(runtime.ready().body()).contains("high-water mark");

            upstream.release();

            int expected = acceptedSpans;
            PollingAwait.until("every accepted span at the upstream", () -> upstream.receivedSpans() == expected);
            PollingAwait.until("ready again", () -> runtime.ready().statusCode() == 200);
            assertThat(runtime.post("/v1/traces", SampleRequests.traces(random, 1).toByteArray()).statusCode()).isEqualTo(200);
            assertThat(runtime.metrics())
                    .contains("otlp_refused_items_total{reason=\"queue_full\",signal=\"traces\"}")
                    .contains("otlp_requests_total{outcome=\"queue_full\",signal=\"traces\",transport=\"http\"}")
                    .doesNotContainPattern("otlp_dropped_items_total\\{[^}]*} [1-9]");
        }
    }

    private static StatusRuntimeException grpcRefusal(RunningRuntime runtime) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", runtime.runtime().grpcPort()).usePlaintext().build();
        try {
            StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    channel, ByteArrayMarshaller.exportMethod(Signal.TRACES), CallOptions.DEFAULT,
                    SampleRequests.traces(new Random(8), 1).toByteArray()));
            assertThat(StatusProto.fromThrowable(refusal).getDetailsList()).as("RetryInfo makes RESOURCE_EXHAUSTED retryable")
                    .anySatisfy(detail -> assertThat(detail.unpack(RetryInfo.class).hasRetryDelay()).isTrue());
            return refusal;
        } finally {
            channel.shutdownNow();
        }
    }
}
