package dev.otlp.runtime.e2e;

import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The SIGTERM path: stop being ready, refuse new data, deliver what is held, count what cannot be. */
class ShutdownEndToEndTest {

    private static final String HOLDS_DATA_UNTIL_SHUTDOWN = """
            [otlp]
            endpoint = "%s"
            timeout = "60s"

            [performance]
            batch_size = 1000
            max_batch_size = 2000
            batch_timeout = "1h"

            [queue]
            drain_timeout = "%s"
            """;

    @Test
    void deliversWhatItHoldsBeforeStopping() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            RunningRuntime runtime = RunningRuntime.start(HOLDS_DATA_UNTIL_SHUTDOWN.formatted(upstream.grpcEndpoint(), "20s"));
            int sent = 0;
            for (int i = 0; i < 5; i++) {
                ExportTraceServiceRequest request = SampleRequests.traces(new Random(i), 2);
                assertThat(runtime.post("/v1/traces", request.toByteArray()).statusCode()).isEqualTo(200);
                sent += SampleRequests.spans(request);
            }
            assertThat(upstream.receivedSpans()).as("held by the one-hour batch timeout").isZero();

            assertThat(runtime.shutdown()).as("items never delivered").isZero();

            assertThat(upstream.receivedSpans()).isEqualTo(sent);
        }
    }

    @Test
    void turnsUnreadyButKeepsTakingDataForTheShutdownDelayThenRefusesItRetryably() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            RunningRuntime runtime = RunningRuntime.start(HOLDS_DATA_UNTIL_SHUTDOWN.formatted(upstream.grpcEndpoint(), "20s"),
                    Map.of(RunningRuntime.SHUTDOWN_DELAY_VARIABLE, "3s"));
            upstream.stall();
            CompletableFuture<Long> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return runtime.shutdown();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            PollingAwait.until("not ready once SIGTERM arrived", () -> runtime.ready().statusCode() == 503);
            assertThat(runtime.ready().body()).contains("shutting down").doesNotContain("draining for shutdown");
            ExportTraceServiceRequest stillSent = SampleRequests.traces(new Random(3), 2);
            HttpResponse<String> taken = runtime.post("/v1/traces", stillSent.toByteArray());
            assertThat(taken.statusCode()).as("a client the Service has not moved yet").isEqualTo(200);
            assertThat(taken.headers().firstValue("Connection")).as("its next request opens a connection elsewhere")
                    .hasValue("close");

            PollingAwait.until("refusing once the delay passed", () -> runtime.ready().body().contains("draining for shutdown"));
            HttpResponse<String> late = runtime.post("/v1/traces", SampleRequests.traces(new Random(4), 1).toByteArray());
            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.headers().firstValue("Retry-After")).isPresent();
            upstream.release();

            assertThat(shutdown.get(30, TimeUnit.SECONDS)).as("items never delivered").isZero();
            assertThat(upstream.receivedSpans()).isEqualTo(SampleRequests.spans(stillSent));
        }
    }

    @Test
    void takesGrpcAndHttpDataForAtLeastTheShutdownDelayAfterSigtermThenRefusesItRetryablyAndDeliversWhatItTook()
            throws Exception {
        Duration delay = Duration.ofSeconds(2);
        try (TestUpstream upstream = TestUpstream.start()) {
            RunningRuntime runtime = RunningRuntime.start("""
                    [otlp]
                    endpoint = "%s"

                    [queue]
                    drain_timeout = "20s"
                    """.formatted(upstream.grpcEndpoint()),
                    Map.of(RunningRuntime.SHUTDOWN_DELAY_VARIABLE, delay.toSeconds() + "s"));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", runtime.runtime().grpcPort()).usePlaintext().build();
            KeyedLoadClient grpc = new KeyedLoadClient(channel, null).start();
            HttpLoadClient http = new HttpLoadClient(runtime.httpEndpoint()).start();
            try {
                PollingAwait.until("both clients acknowledged", () -> !grpc.acknowledged().isEmpty() && !http.acknowledged().isEmpty());

                long sigterm = System.nanoTime();
                CompletableFuture<Long> shutdown = CompletableFuture.supplyAsync(() -> {
                    try {
                        return runtime.shutdown();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                PollingAwait.until("both clients refused", () -> grpc.firstRefusalNanos() != Long.MAX_VALUE && http.refusal() != null);
                grpc.close();
                http.close();

                assertThat(grpc.lastAcknowledgedNanos()).as("a gRPC request acknowledged after SIGTERM").isGreaterThan(sigterm);
                assertThat(http.lastAcknowledgedNanos()).as("an HTTP request acknowledged after SIGTERM").isGreaterThan(sigterm);
                assertThat(Duration.ofNanos(grpc.firstRefusalNanos() - sigterm)).as("SIGTERM to the first gRPC refusal")
                        .isGreaterThanOrEqualTo(delay);
                assertThat(Duration.ofNanos(http.refusal().atNanos() - sigterm)).as("SIGTERM to the first HTTP refusal")
                        .isGreaterThanOrEqualTo(delay);
                assertThat(grpc.refusals().keySet()).as("how gRPC data is refused").containsOnly(Status.Code.UNAVAILABLE);
                assertThat(http.refusal().status()).as("how HTTP data is refused").isEqualTo(503);
                assertThat(http.refusal().retryAfter()).as("Retry-After of the refusal").isPresent();

                assertThat(shutdown.get(30, TimeUnit.SECONDS)).as("items never delivered").isZero();
                Set<Long> delivered = new HashSet<>(upstream.acceptedSpanIds());
                assertThat(delivered).as("gRPC spans acknowledged").containsAll(grpc.acknowledged());
                assertThat(delivered).as("HTTP spans acknowledged").containsAll(http.acknowledged());
            } finally {
                grpc.close();
                http.close();
                channel.shutdownNow();
            }
        }
    }

    @Test
    void stopsBeingReadyAndRefusesNewDataWhileDrainingThenCountsWhatCouldNotBeSent() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            upstream.stall();
            RunningRuntime runtime = RunningRuntime.start(HOLDS_DATA_UNTIL_SHUTDOWN.formatted(upstream.grpcEndpoint(), "2s"));
            ExportTraceServiceRequest held = SampleRequests.traces(new Random(1), 3);
            assertThat(runtime.post("/v1/traces", held.toByteArray()).statusCode()).isEqualTo(200);
            assertThat(runtime.ready().statusCode()).isEqualTo(200);

            CompletableFuture<Long> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return runtime.shutdown();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            PollingAwait.until("not ready while draining", () -> runtime.ready().statusCode() == 503);
            assertThat(runtime.ready().body()).contains("draining for shutdown");
            HttpResponse<String> late = runtime.post("/v1/traces", SampleRequests.traces(new Random(2), 1).toByteArray());
            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.headers().firstValue("Retry-After")).isPresent();

            assertThat(shutdown.get(30, TimeUnit.SECONDS)).isEqualTo(SampleRequests.spans(held));
            assertThat(runtime.metrics()).contains("otlp_dropped_items_total{reason=\"shutdown\",signal=\"traces\"} "
                    + SampleRequests.spans(held) + ".0");
            upstream.release();
        }
    }
}
